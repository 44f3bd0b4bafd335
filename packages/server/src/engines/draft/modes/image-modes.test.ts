import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediaBinaries } from '../../../media/binaries.js'
import { runProcess } from '../../../media/run-process.js'
import { startLoopbackServer, type LoopbackServer } from '../../../media/test-loopback-server.js'
import type { TaskRecord } from '../../../store/store.js'
import { openTestKinora } from '../../../test-kinora.js'
import { coverRgba, psnr, shiftedPair, structuredImage } from './test-images.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
const TASKS = '/api/v3/contents/generations/tasks'
/** 480p for a 1000×620 picture: `adaptive` picks 16:9, 864×496. */
const W = 864
const H = 496

let kinora: Kinora
let server: LoopbackServer
const media = new Map<string, Buffer>()
beforeAll(async () => {
  const [a, b] = await shiftedPair(1000, 620, 70, 24, 11)
  media.set('/first.png', a)
  media.set('/last.png', b)
  media.set('/other.png', await structuredImage(1000, 620, 12))
  media.set('/still.jpg', await structuredImage(1000, 620, 13, 'jpeg'))
  server = await startLoopbackServer((req, res) => {
    const body = media.get(req.url ?? '')
    res.writeHead(body ? 200 : 404, { 'content-type': 'image/png' })
    res.end(body)
  })
  kinora = await openTestKinora({ workers: 1, allowPrivateUrls: true })
})
afterAll(async () => {
  await kinora?.dispose()
  await server?.close()
})

const image = (url: string, role: string) => ({ type: 'image_url', image_url: { url }, role })
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`

/** Creates a task through the API, waits for it, and downloads its video (and last frame). */
async function render(prompt: string, images: unknown[]) {
  const res = await kinora.app.inject({
    method: 'POST',
    url: TASKS,
    payload: {
      model: 'seedance-2.0',
      content: [{ type: 'text', text: prompt }, ...images],
      resolution: '480p',
      ratio: 'adaptive',
      duration: 4,
      generate_audio: false,
      watermark: false,
      return_last_frame: true,
      seed: 5,
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  const id = res.json().id as string
  let done: TaskRecord | null = null
  for (let i = 0; i < 1200 && !['succeeded', 'failed'].includes(done?.status ?? ''); i++) {
    await new Promise((r) => setTimeout(r, 50))
    done = await kinora.store.getTask(id)
  }
  expect(done?.status, JSON.stringify(done?.error)).toBe('succeeded')
  const task = (await kinora.app.inject({ url: `${TASKS}/${id}` })).json()
  const get = async (url: string) => {
    const { pathname, search } = new URL(url)
    return (await kinora.app.inject({ url: pathname + search })).rawPayload
  }
  const path = join(kinora.dir, `${id}.mp4`)
  await writeFile(path, await get(task.content.video_url))
  return { task, path, lastFramePng: await get(task.content.last_frame_url) }
}

/** The first or last frame of a video, decoded by ffmpeg to raw RGB. */
async function decodedFrame(path: string, which: 'first' | 'last'): Promise<Buffer> {
  const seek = which === 'last' ? ['-sseof', '-0.2'] : []
  const { stdout } = await runProcess(mediaBinaries().ffmpeg, [
    '-v',
    'error',
    ...seek,
    '-i',
    path,
    ...(which === 'first' ? ['-frames:v', '1'] : ['-update', '1']),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ])
  return stdout.subarray(stdout.length - W * H * 3)
}

const rgb = (rgba: Buffer) => Buffer.from(rgba.filter((_, i) => i % 4 !== 3))
const expected = async (name: string) => rgb(await coverRgba(media.get(name)!, W, H))

describe('first frame and first-and-last-frame tasks through the API', () => {
  it('animates a fetched photo from the photo itself (first frame, PSNR ≥ 30 dB)', async () => {
    const { task, path } = await render('slow push in, rain and mist', [
      image(`${server.origin}/still.jpg`, 'first_frame'),
    ])
    expect(task).toMatchObject({ ratio: '16:9', resolution: '480p', duration: 4 })
    const db = psnr(await decodedFrame(path, 'first'), await expected('/still.jpg'))
    expect(db).toBeGreaterThanOrEqual(30)
  })

  it('morphs from a fetched first frame to a fetched last frame (both ends PSNR ≥ 30 dB)', async () => {
    const { path, lastFramePng } = await render('the camera drifts', [
      image(`${server.origin}/first.png`, 'first_frame'),
      image(`${server.origin}/last.png`, 'last_frame'),
    ])
    expect(psnr(await decodedFrame(path, 'first'), await expected('/first.png'))).toBeGreaterThan(
      30,
    )
    expect(psnr(await decodedFrame(path, 'last'), await expected('/last.png'))).toBeGreaterThan(30)
    // The returned last frame is the rendered one, before encoding.
    expect(
      psnr(rgb(await coverRgba(lastFramePng, W, H)), await expected('/last.png')),
    ).toBeGreaterThan(45)
  })

  it('dissolves between unrelated data-URL images and still ends on each (PSNR ≥ 30 dB)', async () => {
    const { path } = await render('from one place to another', [
      image(dataUrl(media.get('/first.png')!), 'first_frame'),
      image(dataUrl(media.get('/other.png')!), 'last_frame'),
    ])
    expect(psnr(await decodedFrame(path, 'first'), await expected('/first.png'))).toBeGreaterThan(
      30,
    )
    expect(psnr(await decodedFrame(path, 'last'), await expected('/other.png'))).toBeGreaterThan(30)
  })
})
