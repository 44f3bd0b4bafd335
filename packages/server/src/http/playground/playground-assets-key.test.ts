import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { hashKey } from '../auth.js'
import {
  createTextTask,
  framePng,
  loadedVideo,
  poll,
  shot,
  SHOTS,
  usePlayground,
  waitForStatus,
} from './test-playground-browser.js'

/**
 * The playground's assets panel, its API key and a phone-sized screen in Chromium: asset groups
 * and assets added by URL and by upload, handed to the composer; the key a server with keys asks
 * for; and the filled page on a 390 px wide screen.
 */

const playground = usePlayground()
/**
 * A text-to-video task made through the API: listed once the key is in; finished, it shows beside
 * the composer in its screenshot.
 */
let lighthouse = ''
beforeAll(async () => {
  lighthouse = await createTextTask(
    playground.url,
    'a lighthouse on a cliff at sunset, waves crashing',
  )
})

describe('the playground in a browser', () => {
  it('creates an asset group, adds assets by URL and by upload, renames one and offers it to the composer', async () => {
    const { kinora, page } = playground
    await page.locator('#assets').scrollIntoViewIfNeeded()
    await page.getByLabel('Group name').fill('Characters')
    await page.getByLabel('Description').fill('People and props')
    await page.getByLabel('Group name').press('Enter')
    await page.getByRole('button', { name: 'Characters', exact: true }).waitFor()
    expect(await page.locator('#group-assets-title').textContent()).toBe('Assets in Characters')

    const png = await framePng(400, 400)
    await page.getByLabel('Asset name').fill('Sunset disc')
    await page.getByLabel('Asset URL').fill(`data:image/png;base64,${png.toString('base64')}`)
    await page.getByRole('button', { name: 'Add asset' }).click()
    // Listed once added, after the form is cleared: typing on before that loses the next name.
    await page.locator('#asset-list li').filter({ hasText: 'Sunset disc' }).waitFor()
    const file = join(kinora.dir, 'moon.png')
    await writeFile(file, await framePng(600, 400))
    await page.getByLabel('Asset name').fill('Moon')
    await page.getByLabel('Asset file').setInputFiles(file)
    await page.getByRole('button', { name: 'Add asset' }).click()
    await poll(() => page.locator('#asset-status').textContent()).toBe('Moon is ready')

    const items = page.locator('#asset-list li')
    await poll(() => items.locator('.badge').allTextContents()).toEqual(['Active', 'Active'])
    expect(await items.locator('strong').allTextContents()).toEqual(['Moon', 'Sunset disc'])

    await page.getByRole('button', { name: 'Rename Sunset disc' }).click()
    const name = page.getByLabel('New name for Sunset disc')
    await name.fill('Amber disc')
    await name.press('Enter')
    await poll(() => items.locator('strong').allTextContents()).toEqual(['Moon', 'Amber disc'])
    await page.locator('#assets').evaluate((el) => el.scrollIntoView())
    await shot(page, 'playground-assets.png')

    // Text to video takes no images, so using an image asset moves the composer to reference mode.
    await page.getByLabel('Mode', { exact: true }).selectOption('text')
    await page.getByRole('button', { name: 'Use Amber disc in the composer' }).click()
    const [asset] = (await kinora.assets.listAssets('default', { Filter: { Name: 'Amber' } })).items
    await poll(() => page.getByLabel('Asset for image 1').inputValue()).toBe(asset!.id)
    expect(await page.getByLabel('Mode', { exact: true }).inputValue()).toBe('reference')
    await page.getByLabel('Prompt', { exact: true }).fill('')
    await page.getByRole('button', { name: 'Insert @image1 (image 1) into the prompt' }).click()
    await page.keyboard.type('rolls along a beach at golden hour')
    expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toBe(
      '@image1 rolls along a beach at golden hour',
    )
    if (SHOTS) {
      // The list was loaded before the task was created.
      await page.getByRole('button', { name: 'Refresh', exact: true }).click()
      await page.getByRole('button', { name: `Open task ${lighthouse}` }).click()
      await waitForStatus(page, 'succeeded')
      await loadedVideo(page)
      await page.evaluate(() => window.scrollTo(0, 0))
      await shot(page, 'playground-compose.png')
    }
  })

  it('asks for the API key once the server has keys, and keeps it in the browser', async () => {
    const { kinora, page } = playground
    playground.expectedStatuses.add(401)
    await kinora.store.createApiKey({
      id: 'key-playground',
      projectId: 'default',
      hash: hashKey('kn-playground-test'),
      createdAt: Date.now(),
    })
    await page.reload()
    const banner = page.locator('#banner')
    await banner.filter({ hasText: 'needs an API key' }).waitFor()
    const key = page.getByLabel('API key', { exact: true })
    await poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.type('kn-playground-test')
    await page.keyboard.press('Enter')
    await page.locator(`#tasks-body tr[data-task-id="${lighthouse}"]`).waitFor()
    expect(await banner.isHidden()).toBe(true)
    expect(await page.locator('#key-state').textContent()).toBe('saved')

    await page.reload()
    await page.locator(`#tasks-body tr[data-task-id="${lighthouse}"]`).waitFor()
    expect(await page.evaluate(() => localStorage.getItem('kinora.apiKey'))).toBe(
      'kn-playground-test',
    )
    expect(await banner.isHidden()).toBe(true)
    await page.getByText('API key: saved').click()
    expect(await key.inputValue()).toBe('kn-playground-test')
    await page.keyboard.press('Escape')
    expect(await page.locator('#key-panel').getAttribute('open')).toBeNull()
    playground.expectedStatuses.delete(401)
  })

  it('fits a 390 px wide phone screen without sideways scrolling', async () => {
    const { page } = playground
    await page.setViewportSize({ width: 390, height: 844 })
    await page.evaluate(() => window.scrollTo(0, 0))
    const widths = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    await shot(page, 'playground-mobile.png')
  })
})
