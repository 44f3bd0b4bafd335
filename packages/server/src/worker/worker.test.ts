import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDraftEngine } from '../engines/draft/draft-engine.js'
import type { Engine } from '../engines/engine.js'
import { internal } from '../lib/app-error.js'
import { probe } from '../media/ffprobe.js'
import type { TaskRecord } from '../store/store.js'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
afterEach(async () => {
  await kinora?.dispose()
  kinora = undefined
})

const TASKS = '/api/v3/contents/generations/tasks'

async function create(k: Kinora, extra: Record<string, unknown> = {}) {
  const res = await k.app.inject({
    method: 'POST',
    url: TASKS,
    payload: {
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'a quiet harbour at dawn, boats' }],
      ...extra,
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().id as string
}

async function until(k: Kinora, id: string, done: (t: TaskRecord) => boolean, seen: number[] = []) {
  for (let i = 0; i < 600; i++) {
    const task = await k.store.getTask(id)
    if (task) seen.push(task.progress)
    if (task && done(task)) return task
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`task ${id} never reached the awaited state`)
}

describe('worker with the draft engine', () => {
  it('renders a task end to end: moving progress, a probed mp4 behind a signed URL, usage', async () => {
    kinora = await openTestKinora({ workers: 1 })
    const id = await create(kinora, {
      resolution: '480p',
      ratio: '4:3',
      duration: 4,
      return_last_frame: true,
      seed: 7,
    })
    const progress: number[] = []
    const done = await until(
      kinora,
      id,
      (t) => t.status === 'succeeded' || t.status === 'failed',
      progress,
    )
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded')
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    const task = (await kinora.app.inject({ url: `${TASKS}/${id}` })).json()
    expect(task).toMatchObject({ status: 'succeeded', progress: 100, ratio: '4:3', duration: 4 })
    expect(task.usage.completion_tokens).toBe(Math.floor((752 * 560 * 24 * 4) / 1024))
    const file = await kinora.app.inject({
      url: new URL(task.content.video_url).pathname + new URL(task.content.video_url).search,
    })
    const path = join(kinora.dir, 'download.mp4')
    await writeFile(path, file.rawPayload)
    const probed = await probe(path, { countFrames: true })
    const v = probed.streams.find((s) => s.codecType === 'video')
    expect(v).toMatchObject({
      codecName: 'h264',
      width: 752,
      height: 560,
      fps: 24,
      frames: 96,
      pixFmt: 'yuv420p',
    })
    expect(probed.streams.find((s) => s.codecType === 'audio')).toMatchObject({
      codecName: 'aac',
      sampleRate: 48000,
    })
    const frame = await kinora.app.inject({
      url:
        new URL(task.content.last_frame_url).pathname + new URL(task.content.last_frame_url).search,
    })
    expect(frame.headers['content-type']).toBe('image/png')
  })

  it('stops a running render when the task is force-cancelled', async () => {
    kinora = await openTestKinora({ workers: 1 })
    const id = await create(kinora, { resolution: '1080p', duration: 15 })
    await until(kinora, id, (t) => t.status === 'running' && t.progress > 0)
    expect(
      (await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}?force=true` })).statusCode,
    ).toBe(200)
    const next = await create(kinora, { resolution: '480p', duration: 4, generate_audio: false })
    // The worker is free again only if the cancelled render really stopped.
    const done = await until(kinora, next, (t) => t.status === 'succeeded' || t.status === 'failed')
    expect(done.status).toBe('succeeded')
    expect((await kinora.store.getTask(id))?.status).toBe('cancelled')
  })

  it('expires a running task past execution_expires_after and stops its render', async () => {
    let offset = 0
    kinora = await openTestKinora({ workers: 1 }, { clock: { now: () => Date.now() + offset } })
    const id = await create(kinora, {
      resolution: '1080p',
      duration: 15,
      execution_expires_after: 3600,
    })
    await until(kinora, id, (t) => t.status === 'running' && t.progress > 0)
    offset = 3600_000
    await kinora.sweep()
    const task = (await kinora.app.inject({ url: `${TASKS}/${id}` })).json()
    expect(task).toMatchObject({ status: 'expired', error: { code: 'TaskExpired' } })
    const next = await create(kinora, { resolution: '480p', duration: 4, generate_audio: false })
    expect(
      (await until(kinora, next, (t) => t.status !== 'queued' && t.status !== 'running')).status,
    ).toBe('succeeded')
  })

  it('retries a retryable engine fault, then fails the task with its code after 3 attempts', async () => {
    let calls = 0
    const flaky: Engine = {
      name: 'draft',
      async generate() {
        calls++
        throw internal('The renderer crashed (simulated upstream 503)', { retryable: true })
      },
    }
    kinora = await openTestKinora({ workers: 1 }, { engines: new Map([['draft', flaky]]) })
    const id = await create(kinora)
    const failed = await until(kinora, id, (t) => t.status === 'failed')
    expect(calls).toBe(3)
    expect(failed.error).toEqual({
      code: 'InternalServiceError',
      message: 'The renderer crashed (simulated upstream 503)',
    })
  })

  it('waits out the retry backoff on the injected clock before trying again', async () => {
    let now = Date.now()
    const clock = { now: () => now }
    const draft = createDraftEngine({ preset: 'ultrafast' })
    const startedAt: number[] = []
    const flaky: Engine = {
      name: 'draft',
      async generate(job, ctx) {
        startedAt.push(now)
        if (startedAt.length === 1) throw internal('Upstream busy (simulated)', { retryable: true })
        return draft.generate(job, ctx)
      },
    }
    kinora = await openTestKinora(
      { workers: 1, retryDelayMs: 60_000 },
      { engines: new Map([['draft', flaky]]), clock },
    )
    const id = await create(kinora, { resolution: '480p', duration: 4 })
    const first = await until(kinora, id, (t) => t.status === 'queued' && t.attempts === 1)
    expect(first.error).toBeNull()
    // Sweeps on the same clock find nothing due: the task waits, whatever real time passes.
    await kinora.sweep()
    expect(await kinora.queue.wakeRetries(now + 59_999)).toEqual([])
    expect(startedAt).toHaveLength(1)
    now += 60_000
    const done = await until(kinora, id, (t) => t.status === 'succeeded' || t.status === 'failed')
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 })
    expect(startedAt[1]! - startedAt[0]!).toBe(60_000)
  })

  it('fails at once, without retry, on a fault that is not retryable', async () => {
    let calls = 0
    const strict: Engine = {
      name: 'draft',
      async generate() {
        calls++
        throw internal('The output would not fit the request')
      },
    }
    kinora = await openTestKinora({ workers: 1 }, { engines: new Map([['draft', strict]]) })
    const id = await create(kinora)
    const failed = await until(kinora, id, (t) => t.status === 'failed')
    expect(calls).toBe(1)
    expect(failed.attempts).toBe(1)
  })
})
