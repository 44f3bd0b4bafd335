import { join } from 'node:path'
import type { ServerResponse } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { characterPng } from '../../src/assets/test-assets.js'
import type { Engine } from '../../src/engines/engine.js'
import { internal } from '../../src/lib/app-error.js'
import { systemClock } from '../../src/lib/clock.js'
import type { SafeFetchOptions } from '../../src/media/safe-fetch.js'
import { startLoopbackServer, type LoopbackServer } from '../../src/media/test-loopback-server.js'
import { openTestKinora } from '../../src/test-kinora.js'
import { createWorker, type Worker } from '../../src/worker/worker.js'
import { TASKS, type TestKinora } from './test-abuse.js'
import { filesUnder } from '../../src/worker/test-fault-kit.js'

/**
 * Abuse through media URLs, refused when the worker fetches them (spec §2.4): the task fails with
 * `InvalidParameter` naming its `content[i]` path, no render starts, and nothing reaches a
 * private address. No request ever leaves loopback: every host name resolves to 127.0.0.1 (as
 * a rebinding attacker's would), and a canary server counts any request that got through.
 */
let kinora: TestKinora
let canary: LoopbackServer
let media: LoopbackServer
let png: Buffer
let worker: Worker | undefined
const engine = { calls: 0 }

const MB = 1024 * 1024

beforeAll(async () => {
  kinora = await openTestKinora({ moderationImages: false, rateLimit: 0 })
  canary = await startLoopbackServer()
  png = await characterPng(640, 480)
  const send = (res: ServerResponse, type: string, body: Buffer | string) =>
    res.writeHead(200, { 'content-type': type }).end(body)
  media = await startLoopbackServer((req, res) => {
    const to = (location: string) => res.writeHead(302, { location }).end()
    switch (req.url) {
      case '/ok.png':
        return send(res, 'image/png', png)
      case '/playlist.mp4':
        return send(
          res,
          'video/mp4',
          `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nhttp://127.0.0.1:${canary.port}/seg.ts\n#EXT-X-ENDLIST\n`,
        )
      case '/concat.mp4':
        return send(
          res,
          'video/mp4',
          `ffconcat version 1.0\nfile 'http://127.0.0.1:${canary.port}/a.mp4'\n`,
        )
      case '/png-as-video.mp4':
        return send(res, 'video/mp4', png)
      case '/text-as-image.png':
        return send(res, 'image/png', 'just some text, not an image')
      case '/big.png': {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(31 * MB) })
        res.write(png.subarray(0, 64))
        return res.end(Buffer.alloc(31 * MB - 64))
      }
      case '/big-chunked.png': {
        res.writeHead(200, { 'content-type': 'image/png' })
        res.write(png.subarray(0, 64))
        const chunk = Buffer.alloc(MB)
        let sent = 0
        const pump = () => {
          while (sent < 40 && res.write(chunk)) sent++
          if (sent >= 40) res.end()
          else res.once('drain', () => (sent++, pump()))
        }
        res.on('error', () => {})
        return pump()
      }
      case '/truncated.png': {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) })
        res.write(png.subarray(0, png.length >> 1))
        return res.destroy()
      }
      case '/to-canary':
        return to(`http://127.0.0.1:${canary.port}/stolen`)
      case '/to-localhost':
        return to(`http://localhost:${canary.port}/stolen`)
      case '/to-named':
        return to(`http://intranet.example.com:${canary.port}/stolen`)
      case '/to-metadata':
        return to('http://169.254.169.254/latest/meta-data/')
      case '/to-file':
        return to('file:///etc/passwd')
      default:
        return res.writeHead(404).end()
    }
  })
})
afterAll(async () => {
  await kinora.dispose()
  await canary.close()
  await media.close()
})
afterEach(async () => {
  await worker?.stop()
  worker = undefined
})

/** Every name resolves to loopback, as a DNS-rebinding attacker's name would. */
const lookup = async () => [{ address: '127.0.0.1', family: 4 }]

/** A worker on the test Kinora's queue with `fetch` as its address policy. */
function startWorker(fetch: Pick<SafeFetchOptions, 'isAllowedAddress' | 'lookup'>) {
  const never: Engine = {
    name: 'draft',
    async generate() {
      engine.calls++
      throw internal('reached the engine (the control)')
    },
  }
  worker = createWorker({
    queue: kinora.queue,
    store: kinora.store,
    blobs: kinora.blobs,
    engines: new Map([['draft', never]]),
    clock: systemClock,
    workerId: 'abuse',
    concurrency: 1,
    leaseMs: 30_000,
    heartbeatMs: 1000,
    retryDelayMs: 0,
    pollMs: 50,
    workdirRoot: join(kinora.dir, 'work'),
    allowPrivateUrls: false,
    fetch,
    log: { info() {}, warn() {}, error() {} },
  })
  worker.start()
}

/** Creates a task with `content` and waits for it to settle. */
async function settle(content: unknown[]) {
  const res = await kinora.app.inject({
    method: 'POST',
    url: TASKS,
    payload: { model: 'seedance-2.0', content: [{ type: 'text', text: 'a walk' }, ...content] },
  })
  expect(res.statusCode, res.body).toBe(200)
  const id = res.json().id as string
  for (let i = 0; i < 400; i++) {
    const task = (await kinora.app.inject({ url: `${TASKS}/${id}` })).json()
    if (task.status !== 'queued' && task.status !== 'running') return task
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`task ${id} did not settle`)
}

const image = (url: string) => ({ type: 'image_url', image_url: { url } })
const video = (url: string) => ({ type: 'video_url', video_url: { url }, role: 'reference_video' })

/** The task failed with InvalidParameter on `param`, before any render. */
async function expectRefused(content: unknown[], param: string, why: RegExp) {
  const calls = engine.calls
  const task = await settle(content)
  expect(task.status).toBe('failed')
  expect(task.error.code).toBe('InvalidParameter')
  expect(task.error.message).toContain(param)
  expect(task.error.message).toMatch(why)
  expect(task.content).toBeUndefined()
  expect(engine.calls).toBe(calls)
  await expect.poll(() => filesUnder(join(kinora.dir, 'work'))).toEqual([])
}

describe('private and redirecting URLs', () => {
  const param = 'content[1].image_url.url'

  it('refuses a host name that resolves to loopback before connecting', async () => {
    startWorker({ lookup })
    for (const host of ['media.example.com', 'rebind.example.net']) {
      await expectRefused(
        [image(`http://${host}:${canary.port}/a.png`)],
        param,
        /resolves to a private, loopback or link-local address/,
      )
    }
    expect(canary.hits).toEqual([])
  })

  it('refuses redirects from an allowed server to private addresses and other schemes', async () => {
    // Only the media server counts as public: it stands in for an attacker's public host.
    startWorker({ lookup, isAllowedAddress: (_ip, port) => port === media.port })
    const at = (path: string) => image(`http://media.example.com:${media.port}${path}`)
    for (const path of ['/to-canary', '/to-localhost', '/to-named', '/to-metadata']) {
      await expectRefused([at(path)], param, /redirects to a host that is a private/)
    }
    await expectRefused([at('/to-file')], param, /redirects to a file: URL/)
    expect(canary.hits).toEqual([])
    // The control: the same server's real image is fetched, probed and handed to the engine.
    const calls = engine.calls
    const control = await settle([at('/ok.png')])
    expect(control.error.message).toBe('reached the engine (the control)')
    expect(engine.calls).toBe(calls + 1)
  })
})

describe('media behind URLs', () => {
  const at = (path: string) => `http://media.example.com:${media.port}${path}`

  it('refuses a playlist or concat list posing as mp4, never following it', async () => {
    startWorker({ lookup, isAllowedAddress: (_ip, port) => port === media.port })
    await expectRefused([video(at('/playlist.mp4'))], 'content[1].video_url.url', /HLS playlist/)
    await expectRefused([video(at('/concat.mp4'))], 'content[1].video_url.url', /concat list/)
    expect(canary.hits).toEqual([])
  })

  it('refuses oversized media, with or without a Content-Length, past the cap', async () => {
    startWorker({ lookup, isAllowedAddress: (_ip, port) => port === media.port })
    for (const path of ['/big.png', '/big-chunked.png']) {
      await expectRefused([image(at(path))], 'content[1].image_url.url', /30 MB/)
    }
  })

  it('refuses media that are not what their slot says, or are cut off', async () => {
    startWorker({ lookup, isAllowedAddress: (_ip, port) => port === media.port })
    await expectRefused(
      [video(at('/png-as-video.mp4'))],
      'content[1].video_url.url',
      /a PNG image, not an mp4/,
    )
    await expectRefused(
      [image(at('/text-as-image.png'))],
      'content[1].image_url.url',
      /not an image/,
    )
    await expectRefused(
      [image(at('/truncated.png'))],
      'content[1].image_url.url',
      /could not be fetched|truncated/,
    )
    await expectRefused([image(at('/missing.png'))], 'content[1].image_url.url', /HTTP 404/)
  })
})
