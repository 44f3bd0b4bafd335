import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { z } from 'zod'
import { makeVideo } from '../../media/test-media.js'

const dataUrl = (kinds: string) => new RegExp(`^data:(${kinds});base64,[A-Za-z0-9+/]+=*$`)
const httpUrl = z.string().regex(/^https?:\/\//)

/** What a Seedance 2.0 upstream accepts (api.md §2.1, which mirrors it), and nothing else. */
const contentItem = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(10_000) }),
  z.strictObject({
    type: z.literal('image_url'),
    image_url: z.strictObject({
      url: z.union([z.string().regex(dataUrl('image/(png|jpeg|webp|bmp|tiff|gif)')), httpUrl]),
    }),
    role: z.enum(['first_frame', 'last_frame', 'reference_image']),
  }),
  z.strictObject({
    type: z.literal('video_url'),
    video_url: z.strictObject({ url: httpUrl }),
    role: z.literal('reference_video'),
  }),
  z.strictObject({
    type: z.literal('audio_url'),
    audio_url: z.strictObject({
      url: z.union([z.string().regex(dataUrl('audio/(wav|mp3)')), httpUrl]),
    }),
    role: z.literal('reference_audio'),
  }),
])

const createBody = (model: string) =>
  z.strictObject({
    model: z.literal(model),
    content: z.array(contentItem).min(1),
    resolution: z.enum(['480p', '720p', '1080p']),
    ratio: z.enum(['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive']),
    duration: z.number().int().min(4).max(15),
    generate_audio: z.boolean(),
    watermark: z.boolean(),
    return_last_frame: z.boolean(),
    seed: z.number().int().min(-1).max(4_294_967_295),
    tools: z.array(z.strictObject({ type: z.literal('web_search') })).optional(),
    omni_reference_task_type: z.enum(['reference', 'edit', 'extend']).optional(),
    safety_identifier: z.string().max(64).optional(),
  })

const ORDER = ['text', 'image_url', 'video_url', 'audio_url']

interface FakeArkTask {
  id: string
  body: z.infer<ReturnType<typeof createBody>>
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  polls: number
  outcome: { code: string; message: string } | null
}

export interface FakeArkOptions {
  apiKey: string
  model: string
  /** Polls answered `running` (after one `queued`) before the outcome; Infinity never ends. */
  runningPolls?: number
  /** What the "model" renders: another size and sound rate than Kinora's, to be conformed. */
  render?: { size: string; fps: number }
}

/**
 * A Seedance-compatible upstream on loopback for tests: create / get / delete tasks with the
 * upstream's shapes, statuses queued → running → succeeded | failed, its error envelope, scripted
 * 429/5xx answers and moderation failures, and real small mp4s. Every request is checked against
 * what the real service requires (Bearer key, JSON, the strict create body, content order, reachable
 * video links); anything else is recorded in `violations`, which tests expect to stay empty.
 */
export async function startFakeArk(opts: FakeArkOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'fake-ark-'))
  const violations: string[] = []
  const requests: string[] = []
  const tasks = new Map<string, FakeArkTask>()
  /** Answers given, in order, to the next create requests instead of handling them. */
  const createAnswers: { status: number; code: string }[] = []
  /** The outcome of the next tasks created: null succeeds. */
  const outcomes: ({ code: string; message: string } | null)[] = []
  let seq = 0

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { error: { code, message, type: status === 400 ? 'BadRequest' : 'Error' } })

  async function create(req: IncomingMessage, res: ServerResponse, text: string) {
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      violations.push(`create without a JSON content-type: ${req.headers['content-type']}`)
    }
    const scripted = createAnswers.shift()
    if (scripted) return fail(res, scripted.status, scripted.code, 'scripted')
    const parsed = createBody(opts.model).safeParse(JSON.parse(text))
    if (!parsed.success) {
      violations.push(`create body: ${JSON.stringify(parsed.error.issues)}`)
      return fail(res, 400, 'InvalidParameter', parsed.error.issues[0]?.message ?? 'bad body')
    }
    const body = parsed.data
    const ranks = body.content.map((c) => ORDER.indexOf(c.type))
    if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) violations.push('content out of order')
    for (const item of body.content) {
      if (item.type !== 'video_url') continue
      const video = await fetch(item.video_url.url)
      const head = Buffer.from(await video.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1')
      if (!video.ok || head !== 'ftyp') {
        violations.push(`video link ${item.video_url.url} gave HTTP ${video.status}`)
      }
    }
    const text0 = body.content.find((c) => c.type === 'text')
    if (text0?.type === 'text' && /forbidden/i.test(text0.text)) {
      return fail(
        res,
        400,
        'InputTextSensitiveContentDetected',
        'The request failed because the input text may contain sensitive information.',
      )
    }
    const id = `cgt-20260101000000-up${String(++seq).padStart(3, '0')}`
    tasks.set(id, { id, body, status: 'queued', polls: 0, outcome: outcomes.shift() ?? null })
    send(res, 200, { id })
  }

  async function render(task: FakeArkTask) {
    const { size, fps } = opts.render ?? { size: '854x480', fps: 24 }
    await makeVideo(join(dir, `${task.id}.mp4`), {
      size,
      fps,
      seconds: task.body.duration,
      audio: task.body.generate_audio,
    })
    if (task.body.return_last_frame) {
      const [width, height] = size.split('x').map(Number) as [number, number]
      const frame = sharp({ create: { width, height, channels: 3, background: '#336699' } })
      await frame.png().toFile(join(dir, `${task.id}.png`))
    }
  }

  async function get(res: ServerResponse, task: FakeArkTask, origin: string) {
    task.polls++
    if (task.status === 'queued' && task.polls > 1) task.status = 'running'
    else if (task.status === 'running' && task.polls > 1 + (opts.runningPolls ?? 2)) {
      if (task.outcome) task.status = 'failed'
      else {
        await render(task)
        task.status = 'succeeded'
      }
    }
    const b = task.body
    const done = task.status === 'succeeded'
    send(res, 200, {
      id: task.id,
      model: b.model,
      status: task.status,
      ...(done
        ? {
            content: {
              video_url: `${origin}/files/${task.id}.mp4?sig=upstream`,
              ...(b.return_last_frame ? { last_frame_url: `${origin}/files/${task.id}.png` } : {}),
            },
            usage: {
              completion_tokens: 4321,
              total_tokens: 4321,
              ...(b.tools ? { tool_usage: { web_search: 2 } } : {}),
            },
          }
        : {}),
      error: task.status === 'failed' ? task.outcome : null,
      created_at: 1767225600,
      updated_at: 1767225600 + task.polls,
      seed: b.seed,
      resolution: b.resolution,
      ratio: b.ratio,
      duration: b.duration,
      framespersecond: 24,
      generate_audio: b.generate_audio,
    })
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const origin = `http://${req.headers.host}`
      requests.push(`${req.method} ${url.pathname}`)
      if (url.pathname.startsWith('/files/')) {
        return readFile(join(dir, url.pathname.slice('/files/'.length))).then(
          (bytes) => res.writeHead(200).end(bytes),
          () => res.writeHead(404).end(),
        )
      }
      if (req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        violations.push(`${req.method} ${url.pathname} without the Bearer key`)
        return fail(res, 401, 'AuthenticationError', 'The API key is missing or invalid.')
      }
      const base = '/api/v3/contents/generations/tasks'
      const task = tasks.get(url.pathname.slice(base.length + 1))
      const handled =
        req.method === 'POST' && url.pathname === base
          ? create(req, res, Buffer.concat(chunks).toString('utf8'))
          : !task
            ? Promise.resolve(
                fail(res, 404, 'ResourceNotFound', 'The specified task is not found.'),
              )
            : req.method === 'GET'
              ? get(res, task, origin)
              : req.method === 'DELETE'
                ? Promise.resolve(
                    task.status === 'queued'
                      ? ((task.status = 'cancelled'), send(res, 200, {}))
                      : fail(res, 409, 'TaskNotCancellable', `Task ${task.id} is ${task.status}`),
                  )
                : Promise.resolve(fail(res, 404, 'NotFound', 'no such endpoint'))
      handled.catch((err: unknown) => {
        violations.push(`fake failed: ${String(err)}`)
        fail(res, 500, 'InternalServiceError', String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v3`,
    violations,
    requests,
    tasks,
    createAnswers,
    outcomes,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export type FakeArk = Awaited<ReturnType<typeof startFakeArk>>
