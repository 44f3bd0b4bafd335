import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ROUTES } from '../engines/models.js'
import { AppError } from '../lib/app-error.js'
import { mediaBinaries } from '../media/binaries.js'
import { runProcess } from '../media/run-process.js'
import { startLoopbackServer } from '../media/test-loopback-server.js'
import type { TaskRecord } from '../store/store.js'
import { createTaskService } from '../tasks/service.js'
import { openTestKinora } from '../test-kinora.js'
import { resolveInputs } from '../worker/resolve-inputs.js'
import { createDefaultPolicy } from './default-policy.js'
import { loadTermList } from './load-term-list.js'
import { createNsfwClassifier } from './nsfw-classifier.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
afterEach(async () => {
  await kinora?.dispose()
  kinora = undefined
})

const TASKS = '/api/v3/contents/generations/tasks'
const terms = loadTermList(undefined)
/** The real classifier with drawings refused: ffmpeg's test pattern fails it. */
const strict = () =>
  createDefaultPolicy({ terms, images: createNsfwClassifier(), thresholds: { Drawing: 0.5 } })
/**
 * The real classifier refusing any class at 0.2: five scores sum to 1, so every frame fails. This
 * proves the sampling, the model and the failure path, not the model's judgement.
 */
const refuseAll = () =>
  createDefaultPolicy({
    terms,
    images: createNsfwClassifier(),
    thresholds: { Drawing: 0.2, Hentai: 0.2, Neutral: 0.2, Porn: 0.2, Sexy: 0.2 },
  })

let dir: string
let pattern: Buffer
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-moderation-e2e-'))
  const path = join(dir, 'pattern.png')
  await runProcess(mediaBinaries().ffmpeg, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=640x480',
    '-frames:v',
    '1',
    path,
  ])
  pattern = await readFile(path)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const text = (prompt: string, extra: Record<string, unknown> = {}) => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text: prompt }],
  resolution: '480p',
  duration: 4,
  generate_audio: false,
  seed: 3,
  ...extra,
})

async function settled(k: Kinora, id: string): Promise<TaskRecord> {
  for (let i = 0; i < 1200; i++) {
    const task = await k.store.getTask(id)
    if (task && ['succeeded', 'failed'].includes(task.status)) return task
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`task ${id} never settled`)
}

describe('moderation, code by code, at the time the spec gives each', () => {
  it('refuses sensitive text at create with 400, and no task is made', async () => {
    kinora = await openTestKinora()
    const res = await kinora.app.inject({
      method: 'POST',
      url: TASKS,
      payload: text('explicit porn in a hotel room --dur 5'),
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'InputTextSensitiveContentDetected',
      param: 'content[0].text',
      type: 'BadRequest',
    })
    expect((await kinora.app.inject({ url: TASKS })).json().total).toBe(0)
  })

  it('refuses a data-URL image at create with 400 when the classifier flags it', async () => {
    kinora = await openTestKinora()
    const tasks = createTaskService({
      ...kinora,
      clock: { now: () => Date.now() },
      routes: [{ ...DEFAULT_ROUTES[0]!, modes: ['text', 'first_frame'] }],
      maxQueuedPerProject: 10,
      searchConfigured: false,
      allowPrivateUrls: false,
      moderation: strict(),
    })
    const image = `data:image/png;base64,${pattern.toString('base64')}`
    const err = await tasks
      .create('default', {
        model: 'seedance-2.0',
        content: [
          { type: 'text', text: 'the picture comes alive' },
          { type: 'image_url', image_url: { url: image }, role: 'first_frame' },
        ],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({
      status: 400,
      code: 'InputImageSensitiveContentDetected',
      param: 'content[1].image_url.url',
    })
    expect(await kinora.store.countTasks('default', 'queued')).toBe(0)
  })

  it('fails a task whose fetched image the classifier flags, and passes stored ones through', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' })
      res.end(pattern)
    })
    const work = await mkdtemp(join(dir, 'work-'))
    try {
      const media = [
        { index: 1, kind: 'image' as const, role: 'first_frame' as const, url: server.origin },
      ]
      const deps = {
        blobs: {} as never,
        allowPrivateUrls: true,
        signal: new AbortController().signal,
        moderation: strict(),
      }
      const err = await resolveInputs(media, work, deps).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toMatchObject({
        code: 'InputImageSensitiveContentDetected',
        param: 'content[1].image_url.url',
        retryable: false,
      })
      const lenient = { ...deps, moderation: createDefaultPolicy({ terms, images: null }) }
      expect(await resolveInputs(media, work, lenient)).toHaveLength(1)
    } finally {
      await server.close()
    }
  })

  it.each([
    ['a likeness or copyright term', 'Mickey Mouse waves on a beach', {}, /shows "mickey mouse"/],
    ['flagged output frames', 'a lighthouse at dusk', { refuseAll: true }, /frame at 0\.0 s is/],
  ])(
    'fails a task for %s after rendering: progress 100, no usage, no video',
    async (_what, prompt, how, why) => {
      kinora = await openTestKinora(
        { workers: 1 },
        'refuseAll' in how ? { moderation: refuseAll() } : {},
      )
      const res = await kinora.app.inject({ method: 'POST', url: TASKS, payload: text(prompt) })
      expect(res.statusCode, res.body).toBe(200)
      const done = await settled(kinora, res.json().id)
      expect(done).toMatchObject({
        status: 'failed',
        progress: 100,
        usage: null,
        outputs: null,
        attempts: 1,
        error: { code: 'OutputVideoSensitiveContentDetected' },
      })
      expect(done.error?.message).toMatch(why)
      const wire = (await kinora.app.inject({ url: `${TASKS}/${done.id}` })).json()
      expect(wire).toMatchObject({ status: 'failed', progress: 100 })
      expect(wire.usage).toBeUndefined()
      expect(wire.content).toBeUndefined()
    },
  )
})
