import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createdId,
  framePng,
  loadedVideo,
  poll,
  shot,
  SHOTS,
  usePlayground,
  waitForStatus,
} from './test-playground-browser.js'

/**
 * The playground's composer, result panel and task list in Chromium: labels and the keyboard, a
 * refused request, a typed prompt, a first frame from an uploaded file, a video uploaded for edit
 * mode, and cancel, stop and delete from the list.
 */

const playground = usePlayground()
/** The text-to-video task's video's signed link, a clip to upload. */
let lighthouseVideo = ''

describe('the playground in a browser', () => {
  it('labels every control and lets the keyboard reach the composer first', async () => {
    const { page } = playground
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, textarea, button'))
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .filter((el) => {
          const control = el as HTMLInputElement
          const named = control.labels?.length || el.getAttribute('aria-label')
          return !named && !(el instanceof HTMLButtonElement && el.textContent?.trim())
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    )
    expect(unlabelled).toEqual([])
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to the composer',
    )
  })

  it('shows the code and message of a request the API refuses', async () => {
    const { page } = playground
    playground.expectedStatuses.add(400)
    await page.getByLabel('Prompt', { exact: true }).fill('the weather in Lisbon today')
    await page.getByLabel('Web search').check()
    await page.getByRole('button', { name: 'Generate' }).click()
    const error = page.locator('#compose-error')
    await error.filter({ hasText: 'InvalidParameter' }).waitFor()
    expect(await error.textContent()).toContain('KINORA_SEARCH_URL')
    await page.getByLabel('Web search').uncheck()
    playground.expectedStatuses.delete(400)
  })

  it('generates from a typed prompt, cancels a queued task, and plays the result with its last frame', async () => {
    const { kinora, page } = playground
    const prompt = page.getByLabel('Prompt', { exact: true })
    await prompt.fill('')
    await page.keyboard.type('a lighthouse on a cliff at sunset, waves crashing')
    await page.getByLabel('Resolution').selectOption('480p')
    await page.getByLabel('Duration').selectOption('4')
    await page.getByLabel('Generate audio').uncheck()
    await page.getByLabel('Return last frame').check()
    await page.getByRole('button', { name: 'Generate' }).focus()
    await page.keyboard.press('Enter')
    const first = await createdId(page)

    // The worker renders one task at a time, so a second one waits in the queue.
    await page.getByLabel('Prompt', { exact: true }).fill('a quiet harbour at night')
    await page.getByRole('button', { name: 'Generate' }).click()
    await poll(() => createdId(page)).not.toBe(first)
    const second = await createdId(page)
    const cancel = page.getByRole('button', { name: `Cancel task ${second}` })
    await cancel.click()
    await page
      .locator(`#tasks-body tr[data-task-id="${second}"] .badge`)
      .filter({ hasText: 'cancelled' })
      .waitFor()
    expect((await kinora.store.getTask(second))?.status).toBe('cancelled')

    await page.getByRole('button', { name: `Open task ${first}` }).click()
    await waitForStatus(page, 'succeeded')
    const video = await loadedVideo(page)
    expect(video.duration).toBeCloseTo(4, 1)
    expect([video.width, video.height]).toEqual([864, 496])
    lighthouseVideo = (await page.locator('#result-download').getAttribute('href'))!
    const frame = page.getByAltText('The last frame of the video')
    await poll(() =>
      frame.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
    ).toBe(864)
    await page
      .locator(`#tasks-body tr[data-task-id="${first}"] .badge`)
      .filter({ hasText: 'succeeded' })
      .waitFor()
    if (SHOTS) {
      // Let the player finish buffering, so the picture shows no loading spinner.
      await page.waitForFunction(() => {
        const video = document.querySelector('#result-video') as HTMLVideoElement
        return video.readyState === 4 && video.networkState === HTMLMediaElement.NETWORK_IDLE
      })
      // A pointer left over the player keeps its loading spinner in the picture.
      await page.mouse.move(5, 5)
      await page.waitForTimeout(1000)
      await shot(page, 'playground-result.png')
    }
  })

  it('animates an uploaded image in first-frame mode and deletes the finished task', async () => {
    const { kinora, page } = playground
    const file = join(kinora.dir, 'first-frame.png')
    await writeFile(file, await framePng(640, 480))
    await page.getByLabel('Mode', { exact: true }).selectOption('first_frame')
    await page.getByLabel('Source of image 1').selectOption('file')
    await page.getByLabel('File for image 1').setInputFiles(file)
    await poll(() => page.locator('#media-rows').textContent()).toContain('first-frame.png')
    await page.getByLabel('Prompt', { exact: true }).fill('')
    await page.getByRole('button', { name: 'Insert @image1 (image 1) into the prompt' }).click()
    await page.keyboard.type('slowly pushes in')
    expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toBe(
      '@image1 slowly pushes in',
    )
    await page.getByLabel('Return last frame').uncheck()
    await page.getByRole('button', { name: 'Generate' }).click()
    const id = await createdId(page)
    await waitForStatus(page, 'succeeded')
    const video = await loadedVideo(page)
    expect(video.duration).toBeCloseTo(4, 1)
    // 640×480 is nearest 4:3, which at 480p is 752×560 (spec §2.6).
    expect([video.width, video.height]).toEqual([752, 560])
    expect(await page.locator('#result-last-frame').isHidden()).toBe(true)

    await page.getByRole('button', { name: `Delete task ${id}` }).click()
    await page.locator(`#tasks-body tr[data-task-id="${id}"]`).waitFor({ state: 'detached' })
    expect(await kinora.store.getTask(id)).toBeNull()
    expect(await page.locator('#result-body').isHidden()).toBe(true)
  })

  it('uploads a video as an asset for edit mode and stops the running task', async () => {
    const { kinora, page } = playground
    const clip = join(kinora.dir, 'lighthouse.mp4')
    await writeFile(clip, Buffer.from(await (await fetch(lighthouseVideo)).arrayBuffer()))

    await page.getByLabel('Mode', { exact: true }).selectOption('edit')
    await page.getByLabel('Source of video 1').selectOption('file')
    await page.getByLabel('File for video 1').setInputFiles(clip)
    await page.getByLabel('Source of image 1').selectOption('file')
    await page.getByLabel('File for image 1').setInputFiles(join(kinora.dir, 'first-frame.png'))
    await page
      .locator('#media-rows')
      .filter({ hasText: /uploaded as asset-/ })
      .waitFor()
    await page.getByLabel('Prompt', { exact: true }).fill('')
    await page.getByRole('button', { name: 'Insert @video1 (video 1) into the prompt' }).click()
    await page.keyboard.type('with the colours of')
    await page.getByRole('button', { name: 'Insert @image1 (image 1) into the prompt' }).click()
    expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toBe(
      '@video1 with the colours of @image1 ',
    )
    // Long enough that the render is still going when it is stopped.
    await page.getByLabel('Duration').selectOption('15')
    await page.getByRole('button', { name: 'Generate' }).click()
    const id = await createdId(page)
    await page.locator('#result-meta').filter({ hasText: 'edit' }).waitFor()
    await page.locator('#result-cancel').click()
    await waitForStatus(page, 'cancelled')
    expect((await kinora.store.getTask(id))?.status).toBe('cancelled')
    await page.getByLabel('Duration').selectOption('4')
  })
})
