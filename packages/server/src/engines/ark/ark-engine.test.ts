import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../blobs/blob-store.js'
import type { Kinora } from '../../main.js'
import { makeImage, makeVideo } from '../../media/test-media.js'
import { startLoopbackServer, type LoopbackServer } from '../../media/test-loopback-server.js'
import { openTestKinora } from '../../test-kinora.js'
import { loadRouteTable } from '../route-table.js'
import { engineApi, freePort } from '../test-engine-api.js'
import { createArkEngine } from './ark-engine.js'
import { startFakeArk, type FakeArk, type FakeArkOptions } from './test-fake-ark.js'

const UPSTREAM_MODEL = 'doubao-seedance-2-0-260128'
// The fake renders 854×480 at 30 fps with 44.1 kHz sound, so every output is conformed.
const fakeOptions: FakeArkOptions = {
  apiKey: 'upstream-key',
  model: UPSTREAM_MODEL,
  render: { size: '854x480', fps: 30 },
}

let fake: FakeArk
let media: LoopbackServer
let png: string
let kinora: Awaited<ReturnType<typeof openTestKinora>>
const api = engineApi(() => kinora as Kinora)

beforeAll(async () => {
  fake = await startFakeArk(fakeOptions)
  const dir = await mkdtemp(join(tmpdir(), 'ark-media-'))
  await makeVideo(join(dir, 'clip.mp4'), { size: '480x320', seconds: 2.5 })
  const clip = await readFile(join(dir, 'clip.mp4'))
  await rm(dir, { recursive: true, force: true })
  media = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip)
  })
  png = `data:image/png;base64,${(await makeImage('png', 640, 360)).toString('base64')}`
  const port = await freePort()
  // A late-bound blob store: the engine is made before Kinora opens its own.
  const blobs = {} as BlobStore
  const routes = loadRouteTable({
    arkBaseUrl: fake.baseUrl,
    arkModel: UPSTREAM_MODEL,
    comfyuiUrls: [],
    publicLinks: true,
  })
  kinora = await openTestKinora(
    {
      workers: 1,
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      allowPrivateUrls: true,
      moderationImages: false,
      arkBaseUrl: fake.baseUrl,
      arkApiKey: 'upstream-key',
    },
    {
      routes,
      engines: new Map([
        [
          'ark',
          createArkEngine({
            baseUrl: fake.baseUrl,
            apiKey: 'upstream-key',
            routes,
            blobs,
            publicLinks: true,
            preset: 'ultrafast',
            pollMs: 20,
            maxPollMs: 100,
            retryBaseMs: 5,
          }),
        ],
      ]),
    },
  )
  Object.assign(blobs, kinora.blobs)
  await kinora.listen()
})

afterAll(async () => {
  await kinora?.dispose()
  await media?.close()
  await fake?.close()
})

afterEach(() => {
  expect(fake.violations).toEqual([])
  fakeOptions.runningPolls = 2
})

const lastBody = () => [...fake.tasks.values()].at(-1)!.body

describe('the ark engine through the task API', () => {
  it('routes seedance-2.0 to the upstream and lists what it serves', async () => {
    const models = (await kinora.app.inject({ url: '/api/v3/models' })).json()
    expect(models.data[0]).toMatchObject({
      id: 'seedance-2.0',
      engine: 'ark',
      modes: ['text', 'first_frame', 'first_last_frame', 'reference', 'edit', 'extend'],
      resolutions: ['480p', '720p', '1080p'],
      durations: { min: 4, max: 15 },
      generate_audio: true,
    })
  })

  it('renders text-to-video upstream, retrying a 429, with tools and usage passed through', async () => {
    fake.createAnswers.push({ status: 429, code: 'RateLimitExceeded' })
    const id = await api.create({
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'a lighthouse in a storm --rs 480p --rt 16:9 --dur 4' }],
      seed: 42,
      return_last_frame: true,
      tools: [{ type: 'web_search' }],
      safety_identifier: 'user-7',
    })
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
    expect(lastBody()).toMatchObject({
      model: UPSTREAM_MODEL,
      content: [{ type: 'text', text: 'a lighthouse in a storm' }],
      resolution: '480p',
      ratio: '16:9',
      duration: 4,
      seed: 42,
      return_last_frame: true,
      tools: [{ type: 'web_search' }],
      safety_identifier: 'user-7',
    })
    expect(task.usage).toEqual({
      completion_tokens: 4321,
      total_tokens: 4321,
      tool_usage: { web_search: 2 },
    })
    expect(task.content.last_frame_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//)
    await api.expectContractVideo(id)
  })

  it('sends a first frame as a data URL and conforms a silent render', async () => {
    const id = await api.create({
      model: 'doubao-seedance-2-0-260128',
      content: [
        { type: 'text', text: 'the camera pushes in' },
        { type: 'image_url', image_url: { url: png } },
      ],
      resolution: '480p',
      duration: 4,
      generate_audio: false,
    })
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
    expect(task.ratio).toBe('16:9')
    const image = lastBody().content[1]
    expect(image).toMatchObject({ type: 'image_url', role: 'first_frame' })
    expect(image?.type === 'image_url' && image.image_url.url).toBe(png)
    await api.expectContractVideo(id)
  })

  it('links a fetched reference video from Kinora’s public URL', async () => {
    const id = await api.create({
      model: 'seedance-2.0',
      content: [
        { type: 'text', text: 'the fox from @image1 runs like in @video1' },
        { type: 'image_url', image_url: { url: png }, role: 'reference_image' },
        { type: 'video_url', video_url: { url: `${media.origin}/clip.mp4` } },
      ],
      resolution: '480p',
      ratio: '16:9',
      duration: 4,
    })
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
    const body = lastBody()
    expect(body.omni_reference_task_type).toBe('reference')
    const video = body.content[2]
    expect(video?.type === 'video_url' && video.video_url.url).toMatch(
      new RegExp(`^${kinora.publicUrl()}/files/tasks/${id}/`),
    )
  })

  it('cancels the upstream task when the Kinora task is cancelled mid-run', async () => {
    fakeOptions.runningPolls = Infinity
    const id = await api.create({
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'a slow sunrise' }],
      resolution: '480p',
      duration: 4,
    })
    await api.until(id, ['running'])
    for (let i = 0; i < 200 && ![...fake.tasks.values()].some((t) => t.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const upstream = [...fake.tasks.values()].at(-1)!
    expect(await api.cancel(id)).toBe(200)
    for (let i = 0; i < 200 && !fake.requests.includes(`DELETE ${deletePath(upstream.id)}`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(fake.requests).toContain(`DELETE ${deletePath(upstream.id)}`)
    expect((await api.get(id)).status).toBe('cancelled')
  })

  it('fails the task with the upstream’s own code, at create and after rendering', async () => {
    const refused = await api.create({
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'something forbidden' }],
      duration: 4,
      resolution: '480p',
    })
    expect((await api.until(refused, ['failed'])).error).toMatchObject({
      code: 'InputTextSensitiveContentDetected',
    })
    fake.outcomes.push({
      code: 'OutputVideoSensitiveContentDetected',
      message: 'The output video may contain sensitive information.',
    })
    const flagged = await api.create({
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'a beach' }],
      duration: 4,
      resolution: '480p',
    })
    const task = await api.until(flagged, ['failed'])
    expect(task.error.code).toBe('OutputVideoSensitiveContentDetected')
    expect(task.error.message).toMatch(/sensitive information/)
    expect(task.progress).toBe(100)
  })
})

const deletePath = (id: string) => `/api/v3/contents/generations/tasks/${id}`
