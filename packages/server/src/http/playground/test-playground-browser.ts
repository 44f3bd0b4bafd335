import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Kinora as Client } from '@kinora/client'
import { chromium, type Browser, type Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { openTestKinora } from '../../test-kinora.js'

/**
 * The playground end to end (issue 6): a real Kinora on loopback with the draft engine, driven
 * through Debian's Chromium by labels and keys, as a person would. With
 * `KINORA_SCREENSHOTS=<folder>` the tests also save the screenshots docs/playground.md shows.
 */
const CHROMIUM = process.env.KINORA_CHROMIUM ?? '/usr/bin/chromium'
export const SHOTS = process.env.KINORA_SCREENSHOTS
export const RENDER_TIMEOUT = 120_000

export interface Playground {
  kinora: Awaited<ReturnType<typeof openTestKinora>>
  /** The server's base URL. */
  url: string
  page: Page
  /** Error statuses a test provokes on purpose; the browser logs them, and that is no problem. */
  expectedStatuses: Set<number>
}

/**
 * Opens Kinora (with one worker) and the page in Chromium before the tests of a file, and closes
 * both after them. Each test fails if it left page errors, console errors or failed requests.
 */
export function usePlayground(): Playground {
  const playground = { expectedStatuses: new Set<number>() } as Playground
  const problems: string[] = []
  let browser: Browser | undefined

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The playground's browser test needs Chromium at ${CHROMIUM}: install Debian's chromium package or set KINORA_CHROMIUM`,
      )
    }
    playground.kinora = await openTestKinora({ port: 0, workers: 1, moderationImages: false })
    playground.url = await playground.kinora.listen()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    playground.page = page
    page.setDefaultTimeout(20_000)
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      const refused = /the server responded with a status of (\d+)/.exec(message.text())?.[1]
      if (refused && playground.expectedStatuses.has(Number(refused))) return
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    page.on('requestfailed', (request) => {
      // A media element dropping its own range request when its source changes is not a failure.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') {
        problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`)
      }
    })
    await page.goto(playground.url)
    await page.locator('#server-state').filter({ hasText: 'seedance-2.0' }).waitFor()
  }, 60_000)

  afterEach(() => {
    expect(problems.splice(0)).toEqual([])
  })

  afterAll(async () => {
    await browser?.close()
    await playground.kinora?.dispose()
  })

  return playground
}

/** `expect.poll` with room for a loaded machine: the server answers within seconds, not 1 s. */
export const poll = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 30_000, interval: 100 })

/** Saves a screenshot for the docs when KINORA_SCREENSHOTS names a folder. */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  if (!SHOTS) return
  const dir = resolve(SHOTS)
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: join(dir, name), ...options })
}

/** A PNG the draft engine can take as a frame: a warm gradient with a dark disc. */
export async function framePng(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#f59e0b"/><stop offset="1" stop-color="#7c2d12"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 2}" cy="${height * 0.6}" r="${height / 5}" fill="#1e1b4b"/></svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/**
 * Creates, through the API rather than the page, the text-to-video task the composer's test makes
 * first (480p, 4 s, no audio, with its last frame), and resolves to its id.
 */
export async function createTextTask(url: string, prompt: string): Promise<string> {
  const client = new Client({ baseURL: url, apiKey: '', maxRetries: 0 })
  const { id } = await client.tasks.create({
    model: 'seedance-2.0',
    content: [{ type: 'text', text: prompt }],
    resolution: '480p',
    duration: 4,
    generate_audio: false,
    return_last_frame: true,
  })
  return id
}

/** The id the composer reports after a create. */
export async function createdId(page: Page): Promise<string> {
  await poll(() => page.locator('#compose-status').textContent()).toMatch(/Created cgt-/)
  return (await page.locator('#compose-status').textContent())!.replace('Created ', '').trim()
}

/** Waits until the result panel shows the task with `status`. */
export async function waitForStatus(page: Page, status: string) {
  await page
    .locator('#result-status')
    .filter({ hasText: new RegExp(`^${status}$`) })
    .waitFor({ timeout: RENDER_TIMEOUT })
}

/** The result video once playable: its duration and size. */
export async function loadedVideo(page: Page) {
  await page.waitForFunction(
    () => (document.querySelector('#result-video') as HTMLVideoElement | null)?.readyState! >= 2,
    undefined,
    { timeout: 30_000 },
  )
  return page.evaluate(() => {
    const video = document.querySelector('#result-video') as HTMLVideoElement
    return { duration: video.duration, width: video.videoWidth, height: video.videoHeight }
  })
}
