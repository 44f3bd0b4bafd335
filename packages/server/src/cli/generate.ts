import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Kinora as Client } from '@kinora/client'
import { SingleBar, Presets } from 'cli-progress'
import { Command } from 'commander'
import { loadConfig } from '../config.js'
import { DEFAULT_PROJECT } from '../http/auth.js'
import { paramPath } from '../http/error-handler.js'
import { isAppError } from '../lib/app-error.js'
import { openKinora } from '../main.js'
import { TERMINAL_STATUSES } from '../store/store.js'
import { dropNulls } from '../tasks/routes.js'
import { createTaskBody, type CreateTaskBody } from '../tasks/schema.js'
import { integer } from './options.js'

interface GenerateOptions {
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

/** A progress bar on stderr (when it is a terminal), fed with task status and progress. */
function progressBar() {
  const bar = new SingleBar(
    {
      format: ' {status} |{bar}| {percentage}% | ETA {eta_formatted}',
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  )
  bar.start(100, 0, { status: 'queued  ' })
  return {
    update: (progress: number, status: string) =>
      bar.update(progress, { status: status.padEnd(8) }),
    stop: () => bar.stop(),
  }
}

function bodyOf(prompt: string, o: GenerateOptions): CreateTaskBody {
  const raw = {
    model: o.model,
    content: [{ type: 'text', text: prompt }],
    ratio: o.ratio,
    resolution: o.resolution,
    duration: o.duration,
    seed: o.seed,
    generate_audio: o.audio,
    watermark: o.watermark,
    return_last_frame: o.lastFrame !== undefined,
  }
  const parsed = createTaskBody.safeParse(dropNulls(JSON.parse(JSON.stringify(raw))))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`${paramPath(issue.path)}: ${issue.message}`)
  }
  return parsed.data
}

/** Renders in this process on a private temporary data folder: no server needed. */
async function generateInProcess(body: CreateTaskBody, o: GenerateOptions): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-generate-'))
  const kinora = await openKinora(loadConfig({ dataDir: dir, workers: 1, logLevel: 'silent' }), {
    logger: false,
  })
  const bar = progressBar()
  try {
    const created = await kinora.tasks.create(DEFAULT_PROJECT, body)
    let task = created
    while (!TERMINAL_STATUSES.includes(task.status)) {
      await new Promise((r) => setTimeout(r, 200))
      task = (await kinora.store.getTask(created.id)) ?? task
      bar.update(task.progress, task.status)
    }
    bar.stop()
    if (task.status !== 'succeeded' || !task.outputs) {
      console.error(
        `kinora: task ${task.status}: ${task.error?.code ?? ''} ${task.error?.message ?? ''}`,
      )
      return 1
    }
    await kinora.blobs.getFile(task.outputs.videoKey, resolve(o.output))
    if (o.lastFrame && task.outputs.lastFrameKey) {
      await kinora.blobs.getFile(task.outputs.lastFrameKey, resolve(o.lastFrame))
    }
    console.error(
      `wrote ${o.output} (${task.outputs.width}x${task.outputs.height}, ${task.outputs.duration} s, seed ${task.params.seed})`,
    )
    return 0
  } finally {
    bar.stop()
    await kinora.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Renders on a running server through the SDK, then downloads the results. */
async function generateOnServer(body: CreateTaskBody, o: GenerateOptions): Promise<number> {
  const client = new Client({ baseURL: o.server, ...(o.apiKey ? { apiKey: o.apiKey } : {}) })
  const { id } = await client.tasks.create(body)
  const bar = progressBar()
  const task = await client.tasks.wait(id, { onProgress: (t) => bar.update(t.progress, t.status) })
  bar.stop()
  if (task.status !== 'succeeded' || !task.content) {
    console.error(
      `kinora: task ${id} ${task.status}: ${task.error?.code ?? ''} ${task.error?.message ?? ''}`,
    )
    return 1
  }
  await writeFile(resolve(o.output), await client.files.download(task.content.video_url))
  if (o.lastFrame && task.content.last_frame_url) {
    await writeFile(resolve(o.lastFrame), await client.files.download(task.content.last_frame_url))
  }
  console.error(
    `wrote ${o.output} (task ${id}, ${task.ratio}, ${task.duration} s, seed ${task.seed})`,
  )
  return 0
}

/** `kinora generate "<prompt>" -o out.mp4`: in-process by default, or on `--server URL`. */
export function generateCommand(): Command {
  return new Command('generate')
    .description('generate a video from a prompt, in this process or on a server')
    .argument('<prompt>', 'what the video shows; suffix commands like --dur 6 work too')
    .requiredOption('-o, --output <file>', 'where to write the mp4')
    .option('--model <id>', 'model id', 'seedance-2.0')
    .option('--ratio <ratio>', '16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive')
    .option('--resolution <res>', '480p, 720p or 1080p')
    .option('--duration <seconds>', '4-15, or -1 to let the engine pick', integer)
    .option('--seed <n>', 'same seed, same request: same video', integer)
    .option('--no-audio', 'no audio track')
    .option('--watermark', 'add an "AI generated" mark')
    .option('--last-frame <file>', 'also write the last frame as PNG')
    .option('--server <url>', 'render on this Kinora server instead of in-process')
    .option('--api-key <key>', 'API key for --server (default: KINORA_API_KEY)')
    .action(async (prompt: string, o: GenerateOptions) => {
      try {
        const body = bodyOf(prompt, o)
        process.exitCode = o.server
          ? await generateOnServer(body, o)
          : await generateInProcess(body, o)
      } catch (err) {
        if (isAppError(err)) {
          console.error(`kinora: ${err.code}${err.param ? ` (${err.param})` : ''}: ${err.message}`)
          process.exitCode = 1
        } else throw err
      }
    })
}
