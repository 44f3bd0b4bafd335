import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { APIError, Kinora as Client, type Task } from '@kinora/client'
import { Command, InvalidArgumentError } from 'commander'
import { loadConfig } from '../config.js'
import { isAppError } from '../lib/app-error.js'
import { openKinora } from '../main.js'
import { planContent } from '../tasks/modes.js'
import { dropNulls } from '../tasks/routes.js'
import { createTaskBody, type CreateTaskBody } from '../tasks/schema.js'
import { CliError, UsageError } from './cli-error.js'
import { injectFetch } from './inject-fetch.js'
import {
  mediaArgs,
  MODES,
  type MediaArg,
  type MediaOptions,
  type ReferenceMode,
} from './media-args.js'
import { integer } from './options.js'
import { printJson, withJson, type JsonOption } from './output.js'
import { runAction } from './run-action.js'
import { taskProgress } from './task-progress.js'
import { contentItem, withMediaUrls } from './with-media-urls.js'

interface GenerateOptions extends MediaOptions, JsonOption {
  output: string
  model: string
  ratio?: string
  resolution?: string
  duration?: number
  seed?: number
  audio: boolean
  watermark?: boolean
  lastFrame?: string
  server?: string
  apiKey?: string
}

/** Downloads may be large; one attempt may take this long. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000

const repeatable = (value: string, previous: string[] = []) => [...previous, value]

function mode(value: string): ReferenceMode {
  const found = MODES.find((m) => m === value)
  if (!found) throw new InvalidArgumentError(`expected one of ${MODES.join(', ')}, got "${value}"`)
  return found
}

/**
 * The create body (spec §2.1) with a placeholder `asset://` URL for each local file, checked as
 * the server will check it (the same schema and content rules), so a bad request is refused
 * before any file is read or uploaded.
 */
function bodyOf(prompt: string | undefined, o: GenerateOptions, media: MediaArg[]): CreateTaskBody {
  const text = prompt?.trim() ? [{ type: 'text', text: prompt }] : []
  if (text.length + media.length === 0) {
    throw new UsageError('give a prompt, or media: --image, --ref-image, --ref-video, --ref-audio')
  }
  const raw = {
    model: o.model,
    content: [
      ...text,
      ...media.map((m) => contentItem(m, m.file ? 'asset://local-file' : m.source)),
    ],
    ratio: o.ratio,
    resolution: o.resolution,
    duration: o.duration,
    seed: o.seed,
    generate_audio: o.audio,
    watermark: o.watermark,
    return_last_frame: o.lastFrame !== undefined,
    omni_reference_task_type: o.mode,
  }
  const parsed = createTaskBody.safeParse(dropNulls(JSON.parse(JSON.stringify(raw))))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new UsageError(issue.message)
  }
  try {
    planContent(parsed.data.content, parsed.data.omni_reference_task_type, prompt ?? '')
  } catch (err) {
    if (isAppError(err)) throw new UsageError(err.message)
    throw err
  }
  return parsed.data
}

async function download(client: Client, url: string, path: string): Promise<void> {
  await writeFile(resolve(path), await client.files.download(url, { timeout: DOWNLOAD_TIMEOUT_MS }))
}

/**
 * Creates the task through the SDK (local media turned into URLs first), waits with a progress
 * view, and writes the video (and last frame) on success. The same path serves `--server` and the
 * in-process Kinora, so both send and check exactly the same requests.
 */
async function render(client: Client, body: CreateTaskBody, media: MediaArg[], o: GenerateOptions) {
  const log = (line: string) => console.error(line)
  const text = body.content.filter((item) => item.type === 'text')
  const { id } = await withMediaUrls(client, media, log, (items) =>
    client.tasks.create({ ...body, content: [...text, ...items] }).catch((err: unknown) => {
      // A refused medium is named by its content path; say which flag that was.
      const at = err instanceof APIError ? /^content\[(\d+)\]/.exec(err.param ?? '') : null
      const arg = at ? media[Number(at[1]) - text.length] : undefined
      if (arg) throw new CliError(`${arg.flag} ${arg.source}: ${(err as APIError).message}`)
      throw err
    }),
  )
  const progress = taskProgress({ id, ...(o.json ? { json: true } : {}) })
  let task: Task
  try {
    task = await client.tasks.wait(id, { pollInterval: 500, onProgress: progress.update })
  } finally {
    progress.stop()
  }
  if (task.status !== 'succeeded' || !task.content) {
    if (o.json) printJson(task)
    const why = task.error ? `: ${task.error.code}: ${task.error.message}` : ''
    throw new CliError(`task ${id} ${task.status}${why}`)
  }
  await download(client, task.content.video_url, o.output)
  const wrote = [o.output]
  if (o.lastFrame) {
    if (task.content.last_frame_url) {
      await download(client, task.content.last_frame_url, o.lastFrame)
      wrote.push(o.lastFrame)
    } else console.error(`kinora: task ${id} returned no last frame; ${o.lastFrame} not written`)
  }
  if (o.json) printJson(task)
  console.error(
    `wrote ${wrote.join(' and ')} (task ${id}, ${task.resolution} ${task.ratio}, ${task.duration} s, seed ${task.seed})`,
  )
}

/**
 * Renders in this process on a private temporary data folder: no server needed. The SDK talks to
 * the in-process app through `app.inject` (no port is opened), so local files take the same route
 * as on a server: images and audio as data URLs, videos uploaded as assets.
 */
async function renderInProcess(body: CreateTaskBody, media: MediaArg[], o: GenerateOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-generate-'))
  try {
    const config = loadConfig({
      // Every location named here, so KINORA_DATABASE_URL / KINORA_BLOB_URL never redirect it.
      dataDir: dir,
      databaseUrl: `sqlite:${join(dir, 'kinora.db')}`,
      blobUrl: `file:${join(dir, 'blobs')}`,
      workers: 1,
      logLevel: 'silent',
      // One client, this process: the rate limit and overload guard protect shared servers, and
      // the render (or the moderation model loading) in this same process would trip the guard.
      rateLimit: 0,
      maxEventLoopDelayMs: 0,
    })
    const kinora = await openKinora(config, { logger: false })
    try {
      const client = new Client({
        baseURL: kinora.publicUrl(),
        apiKey: '',
        fetch: injectFetch(kinora.app),
      })
      await render(client, body, media, o)
    } finally {
      await kinora.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * `kinora generate ["<prompt>"] -o out.mp4 [media flags]`: in-process by default, or on
 * `--server URL`. Media flags map to content items (spec §2.1-2.3): `--image` / `--last-image`
 * (first and last frame), `--ref-image` ×1-9, `--ref-video` ×≤3, `--ref-audio` ×≤3 (reference
 * mode), `--mode` for the reference sub-mode. Usage errors exit 2, a failed task exits 1.
 */
export function generateCommand(): Command {
  return withJson(
    new Command('generate')
      .description('generate a video from a prompt and media, in this process or on a server')
      .argument('[prompt]', 'what the video shows; suffix commands like --dur 6 work too')
      .requiredOption('-o, --output <file>', 'where to write the mp4')
      .option('--image <file|url>', 'first frame (role first_frame)')
      .option('--last-image <file|url>', 'last frame (role last_frame); needs --image')
      .option('--ref-image <file|url>', 'reference image, repeatable up to 9 times', repeatable)
      .option('--ref-video <file|url>', 'reference video, repeatable up to 3 times', repeatable)
      .option('--ref-audio <file|url>', 'reference audio (wav, mp3), up to 3 times', repeatable)
      .option(
        '--mode <mode>',
        'what reference media mean: auto, reference, edit (1 video + images), extend (videos)',
        mode,
      )
      .option('--model <id>', 'model id', 'seedance-2.0')
      .option('--ratio <ratio>', '16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive')
      .option('--resolution <res>', '480p, 720p or 1080p')
      .option('--duration <seconds>', '4-15, or -1 to let the engine pick', integer)
      .option('--seed <n>', 'same seed, same request: same video', integer)
      .option('--no-audio', 'no audio track')
      .option('--watermark', 'add an "AI generated" mark')
      .option('--last-frame <file>', 'also write the last frame as PNG')
      .option('--server <url>', 'render on this Kinora server instead of in-process')
      .option('--api-key <key>', 'API key for --server (default: KINORA_API_KEY)'),
  ).action(
    runAction(async (prompt: string | undefined, o: GenerateOptions) => {
      const media = await mediaArgs(o)
      const body = bodyOf(prompt, o, media)
      if (!o.server) return renderInProcess(body, media, o)
      const client = new Client({ baseURL: o.server, ...(o.apiKey ? { apiKey: o.apiKey } : {}) })
      await render(client, body, media, o)
    }),
  )
}
