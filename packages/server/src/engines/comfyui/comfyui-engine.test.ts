import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Kinora } from '../../main.js'
import { startLoopbackServer, type LoopbackServer } from '../../media/test-loopback-server.js'
import { makeImage, makeVideo } from '../../media/test-media.js'
import { openTestKinora } from '../../test-kinora.js'
import { loadRouteTable } from '../route-table.js'
import { engineApi } from '../test-engine-api.js'
import { BUILTIN_WORKFLOWS } from './comfyui-route.js'
import { createComfyuiEngine } from './comfyui-engine.js'
import { startFakeComfyui, type FakeComfyui } from './test-fake-comfyui.js'
import { loadWorkflow } from './workflow-template.js'

/** Every model file the shipped workflows name, by folder: a fully equipped server. */
function installedModels(): Record<string, string[]> {
  const models: Record<string, string[]> = {}
  for (const name of BUILTIN_WORKFLOWS) {
    for (const { folder, file } of loadWorkflow(name).models) (models[folder] ??= []).push(file)
  }
  return models
}

let idle: FakeComfyui
let busy: FakeComfyui
let media: LoopbackServer
let png: string
let kinora: Awaited<ReturnType<typeof openTestKinora>>
const api = engineApi(() => kinora as Kinora)
const idleOptions = { models: installedModels(), stepMs: 5 }

beforeAll(async () => {
  idle = await startFakeComfyui(idleOptions)
  busy = await startFakeComfyui({ models: installedModels() })
  busy.script.busy = 3
  const dir = await mkdtemp(join(tmpdir(), 'comfyui-media-'))
  await makeVideo(join(dir, 'clip.mp4'), { size: '480x320', seconds: 2.5 })
  const clip = await readFile(join(dir, 'clip.mp4'))
  await rm(dir, { recursive: true, force: true })
  media = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip)
  })
  png = `data:image/png;base64,${(await makeImage('png', 640, 360)).toString('base64')}`
  const servers = [busy.url, idle.url]
  const routes = loadRouteTable({ arkModel: 'unused', comfyuiUrls: servers, publicLinks: false })
  kinora = await openTestKinora(
    { workers: 1, allowPrivateUrls: true, moderationImages: false, comfyuiUrls: servers.join(',') },
    {
      routes,
      engines: new Map([
        [
          'comfyui',
          createComfyuiEngine({ servers, routes, preset: 'ultrafast', pollMs: 30, retryBaseMs: 5 }),
        ],
      ]),
    },
  )
})

afterAll(async () => {
  await kinora?.dispose()
  await media?.close()
  await idle?.close()
  await busy?.close()
})

afterEach(() => {
  expect([...idle.violations, ...busy.violations]).toEqual([])
  expect(busy.graphs).toEqual([])
  idleOptions.stepMs = 5
  idleOptions.models = installedModels()
})

const WAN = 'wan2.2-14b'
const lastGraph = () => idle.graphs.at(-1)!
const nodesOf = (cls: string) => Object.values(lastGraph()).filter((n) => n.class_type === cls)

describe('the comfyui engine through the task API', () => {
  it('lists its route and refuses what the route cannot serve, naming what it can', async () => {
    const models = (await kinora.app.inject({ url: '/api/v3/models' })).json()
    expect(models.data[1]).toMatchObject({
      id: WAN,
      engine: 'comfyui',
      resolutions: ['480p', '720p'],
      durations: { min: 4, max: 8 },
      generate_audio: true,
    })
    const text = [{ type: 'text', text: 'a harbour' }]
    const tooBig = await api.refused({ model: WAN, content: text, resolution: '1080p' })
    expect(tooBig).toMatchObject({ status: 400, error: { param: 'resolution' } })
    expect(tooBig.error.message).toBe(
      'model wan2.2-14b (engine comfyui) renders 480p and 720p; got 1080p',
    )
    const tooLong = await api.refused({ model: WAN, content: text, duration: 12 })
    expect(tooLong).toMatchObject({ status: 400, error: { param: 'duration' } })
    expect(tooLong.error.message).toMatch(/renders 4-8 seconds/)
  })

  it('renders text-to-video with sound on the least busy server, retrying a 503', async () => {
    idle.script.answers.push({ path: '/prompt', status: 503 })
    const id = await api.create({
      model: WAN,
      content: [{ type: 'text', text: 'a fox runs through snow at dusk' }],
      resolution: '480p',
      ratio: '16:9',
      duration: 4,
      seed: 7,
      watermark: true,
      return_last_frame: true,
    })
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
    // 480p at Wan's pixel budget is 832×480; 4 s at 16 fps is 65 frames (4n+1).
    expect(nodesOf('EmptyHunyuanLatentVideo')[0]?.inputs).toMatchObject({
      width: 832,
      height: 480,
      length: 65,
    })
    expect(nodesOf('CLIPTextEncode')[0]?.inputs.text).toBe('a fox runs through snow at dusk')
    expect(nodesOf('KSamplerAdvanced').map((n) => n.inputs.noise_seed)).toEqual([7, 7])
    expect(nodesOf('CreateVideo')[0]?.inputs.audio).toEqual(['a3', 0])
    expect(nodesOf('MMAudioSampler')[0]?.inputs).toMatchObject({ duration: 4, seed: 7 })
    expect(task.content.last_frame_url).toBeDefined()
    await api.expectContractVideo(id)
  })

  it('uploads a first frame and recovers from a dropped socket through /history', async () => {
    idle.script.dropSockets = true
    const id = await api.create({
      model: WAN,
      content: [
        { type: 'text', text: 'the camera pushes in' },
        { type: 'image_url', image_url: { url: png } },
      ],
      resolution: '480p',
      duration: 4,
      generate_audio: false,
    })
    const task = await api.until(id, ['succeeded', 'failed'])
    idle.script.dropSockets = false
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
    expect(nodesOf('LoadImage')[0]?.inputs.image).toBe(`kinora/${id}-first-frame.png`)
    expect(idle.uploads.has(`kinora/${id}-first-frame.png`)).toBe(true)
    expect(nodesOf('MMAudioSampler')).toEqual([])
    await api.expectContractVideo(id)
  })

  it('guides VACE with a reference image and a control clip of the reference video', async () => {
    const id = await api.create({
      model: WAN,
      content: [
        { type: 'text', text: 'the fox from @image1 moves like @video1' },
        { type: 'image_url', image_url: { url: png }, role: 'reference_image' },
        { type: 'video_url', video_url: { url: `${media.origin}/clip.mp4` } },
      ],
      resolution: '480p',
      ratio: '16:9',
      duration: 4,
      generate_audio: false,
    })
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
    const vace = nodesOf('WanVaceToVideo')[0]!.inputs
    expect(vace.reference_image).toEqual(['20', 0])
    expect(vace.control_video).toEqual(['31', 0])
    // No mask: every frame is generated, guided by the clip.
    expect(vace.control_masks).toBeUndefined()
    expect(nodesOf('ImageToMask')).toEqual([])
    expect(nodesOf('LoadVideo')[0]?.inputs.file).toBe(`kinora/${id}-control.mp4`)
  })

  it('interrupts the prompt on the server when the task is cancelled mid-run', async () => {
    idleOptions.stepMs = 10_000
    const id = await api.create({
      model: WAN,
      content: [{ type: 'text', text: 'a slow sunrise' }],
      resolution: '480p',
      duration: 4,
    })
    await api.until(id, ['running'])
    for (let i = 0; i < 300 && !idle.requests.includes('POST /prompt'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await api.cancel(id)).toBe(200)
    for (let i = 0; i < 300 && !idle.requests.includes('POST /interrupt'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(idle.requests).toContain('POST /interrupt')
    expect((await api.get(id)).status).toBe('cancelled')
  })

  it('fails the task with the failing node named, at validation and while running', async () => {
    const installed = idleOptions.models.diffusion_models!
    idleOptions.models.diffusion_models = installed.filter((f) => !f.startsWith('wan2.2_t2v_high'))
    const text = [{ type: 'text', text: 'a beach' }]
    const base = { model: WAN, content: text, resolution: '480p', duration: 4 }
    const invalid = await api.until(await api.create(base), ['failed'])
    idleOptions.models.diffusion_models = installed
    expect(invalid.error.code).toBe('InternalServiceError')
    expect(invalid.error.message).toMatch(/node 1 \(UNETLoader\): value not in list/)
    idle.script.raise = { classType: 'VAEDecode', message: 'shape mismatch', type: 'RuntimeError' }
    const crashed = await api.until(await api.create(base), ['failed'])
    expect(crashed.error.message).toBe(
      'ComfyUI node 12 (VAEDecode) failed: RuntimeError: shape mismatch',
    )
  })
})
