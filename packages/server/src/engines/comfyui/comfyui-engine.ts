import { randomUUID } from 'node:crypto'
import { extname, join } from 'node:path'
import { internal, invalidParameter } from '../../lib/app-error.js'
import type { AudioInfo } from '../../media/inspect-audio.js'
import type { Resolution } from '../../tasks/sizes.js'
import { describeRoute } from '../check-route.js'
import { conformVideo } from '../conform-video.js'
import type { Engine, EngineContext, EngineInput, EngineJob, EngineResult } from '../engine.js'
import { findRoute, type ModelRoute } from '../models.js'
import { createComfyuiClient, type ComfyuiClient, type HistoryEntry } from './comfyui-client.js'
import { comfyuiRouteOptions } from './comfyui-route.js'
import { controlClips, type RenderShape } from './control-clips.js'
import { addSound, fillWorkflow, type PlaceholderValue } from './fill-workflow.js'
import { followPrompt, videoOf } from './follow-prompt.js'
import { loadWorkflow, type WorkflowTemplate } from './workflow-template.js'

export interface ComfyuiEngineOptions {
  /** `KINORA_COMFYUI_URLS`: each task goes to the least busy. */
  servers: readonly string[]
  /** The routing table; the engine reads the workflows of the job's route. */
  routes: readonly ModelRoute[]
  /** x264 preset of the post-processing. */
  preset: string
  /** How often `/history` is asked without a socket (default 1 s). */
  pollMs?: number
  /** First backoff of a retried request (default 1 s). */
  retryBaseMs?: number
}

/** The pixel budget a model renders each resolution at (Wan: 832×480 and 1280×720). */
const PIXELS: Record<Resolution, number> = {
  '480p': 832 * 480,
  '720p': 1280 * 720,
  '1080p': 1920 * 1080,
}

/** The job's ratio at the resolution's pixel budget, in steps the model takes; its frame count. */
function renderShape(job: EngineJob, template: WorkflowTemplate): RenderShape {
  const step = template.size_step ?? 16
  const fps = template.fps ?? 16
  const frameStep = template.frame_step ?? 4
  const ratio = job.width / job.height
  const side = (n: number) => Math.max(step, Math.round(n / step) * step)
  return {
    width: side(Math.sqrt(PIXELS[job.resolution] * ratio)),
    height: side(Math.sqrt(PIXELS[job.resolution] / ratio)),
    fps,
    length: Math.ceil((fps * job.duration) / frameStep) * frameStep + 1,
  }
}

interface RouteSetup {
  route: ModelRoute
  workflows: Map<string, WorkflowTemplate>
  audio: WorkflowTemplate | null
  negativePrompt: string
}

/**
 * The `comfyui` engine (docs/engines.md): open models on the operator's ComfyUI servers. Per task
 * it picks the least busy server (`/queue`), uploads the inputs and any control clips
 * (`/upload/image`), fills the mode's workflow template (plus the audio template for sound),
 * submits it under its own prompt and client ids, follows it on `/ws` and `/history`, fetches the
 * video with `/view`, and post-processes it to Kinora's contract. A cancelled task is interrupted
 * or taken off the server's queue. Workflows load when the engine is made, so a broken template
 * stops the worker at start.
 */
export function createComfyuiEngine(options: ComfyuiEngineOptions): Engine {
  const retryBaseMs = options.retryBaseMs ?? 1000
  const clients = options.servers.map((url) => createComfyuiClient(url, retryBaseMs))
  const setups = new Map<string, RouteSetup>()
  const loaded = new Map<string, WorkflowTemplate>()
  const load = (name: string) => loaded.get(name) ?? loaded.set(name, loadWorkflow(name)).get(name)!
  for (const route of options.routes.filter((r) => r.engine === 'comfyui')) {
    const o = comfyuiRouteOptions.parse(route.options)
    const workflows = new Map(Object.entries(o.workflows).map(([mode, name]) => [mode, load(name)]))
    const audio = o.audioWorkflow === null ? null : load(o.audioWorkflow)
    setups.set(route.id, { route, workflows, audio, negativePrompt: o.negativePrompt })
  }

  return {
    name: 'comfyui',
    async generate(job: EngineJob, ctx: EngineContext): Promise<EngineResult> {
      if (!job.model) throw internal('The comfyui engine needs the job’s model to find its route')
      const routes = [...setups.values()].map((s) => s.route)
      const setup = setups.get(findRoute(routes, job.model).id)!
      const template = setup.workflows.get(job.mode)
      if (!template) throw internal(`${describeRoute(setup.route)} has no workflow for ${job.mode}`)
      const { min, max } = setup.route.durations
      if (job.duration < min || job.duration > max) {
        throw invalidParameter(
          'duration',
          `${describeRoute(setup.route)} renders ${min}-${max} seconds; this request came to ${job.duration}: set duration`,
        )
      }
      const shape = renderShape(job, template)
      const client = await leastBusy(clients, ctx.signal)
      const soundtrack = job.generateAudio ? job.inputs.find((i) => i.kind === 'audio') : undefined
      if (job.generateAudio && !soundtrack && !setup.audio) {
        throw internal(`${describeRoute(setup.route)} has no audio workflow`)
      }
      const clips = await controlClips(job, shape, {
        workdir: ctx.workdir,
        preset: options.preset,
        signal: ctx.signal,
      })
      const uploaded = (path: string | undefined, name: string) =>
        path === undefined ? undefined : client.upload(path, `${job.taskId}-${name}`, ctx.signal)
      const input = (role: EngineInput['role'], name: string) => {
        const found = job.inputs.find((i) => i.role === role)
        return found && uploaded(found.path, `${name}${extOf(found)}`)
      }
      const values: Record<string, PlaceholderValue | undefined> = {
        prompt: job.prompt,
        negative_prompt: setup.negativePrompt,
        seed: job.seed,
        width: shape.width,
        height: shape.height,
        length: shape.length,
        fps: shape.fps,
        duration: job.duration,
        filename_prefix: `kinora/${job.taskId}-${randomUUID().slice(0, 8)}`,
        first_frame: await input('first_frame', 'first-frame'),
        last_frame: await input('last_frame', 'last-frame'),
        reference_image: await input('reference_image', 'reference-image'),
        control_video: await uploaded(clips.video, 'control.mp4'),
        control_mask: await uploaded(clips.mask, 'control-mask.mp4'),
      }
      let graph = fillWorkflow(template, values)
      if (job.generateAudio && !soundtrack && setup.audio)
        graph = addSound(graph, setup.audio, values)
      ctx.onProgress(0.05)
      const ids = { clientId: randomUUID(), promptId: randomUUID() }
      let entry: HistoryEntry
      try {
        entry = await followPrompt(client, {
          ids,
          graph,
          signal: ctx.signal,
          onProgress: (f) => ctx.onProgress(0.05 + 0.85 * f),
          pollMs: options.pollMs ?? 1000,
          submit: () => client.submit(graph, ids, ctx.signal),
        })
      } catch (err) {
        if (ctx.signal.aborted) await client.cancel(ids.promptId)
        throw err
      }
      const ref = videoOf(entry, ids.promptId)
      const made = join(ctx.workdir, `comfyui${extname(ref.filename).toLowerCase()}`)
      await client.download(ref, made, ctx.signal)
      ctx.onProgress(0.92)
      const result: EngineResult = {
        videoPath: join(ctx.workdir, 'video.mp4'),
        notes: { server: client.root, promptId: ids.promptId, workflow: template.name, shape },
      }
      if (job.returnLastFrame) result.lastFramePath = join(ctx.workdir, 'last-frame.png')
      await conformVideo(made, result.videoPath, {
        width: job.width,
        height: job.height,
        fps: job.fps,
        duration: job.duration,
        sourceFormat: /\.(webm|mkv)$/.test(made) ? 'matroska,webm' : 'mov',
        sound: job.generateAudio,
        ...(soundtrack
          ? { audio: { path: soundtrack.path, format: (soundtrack.info as AudioInfo).format } }
          : {}),
        watermark: job.watermark,
        ...(result.lastFramePath ? { lastFramePath: result.lastFramePath } : {}),
        preset: options.preset,
        signal: ctx.signal,
      })
      ctx.onProgress(1)
      return result
    },
  }
}

const extOf = (input: EngineInput) =>
  'format' in input.info ? `.${input.info.format === 'jpeg' ? 'jpg' : input.info.format}` : ''

/** The server with the fewest prompts running and waiting; ties are broken at random. */
async function leastBusy(clients: ComfyuiClient[], signal: AbortSignal): Promise<ComfyuiClient> {
  const loads = await Promise.all(
    clients.map((client) =>
      client
        .queue(AbortSignal.any([signal, AbortSignal.timeout(5_000)]))
        .then(({ running, pending }) => running.length + pending.length)
        .catch(() => Infinity),
    ),
  )
  signal.throwIfAborted()
  const least = Math.min(...loads)
  if (least === Infinity) {
    throw internal(
      `No ComfyUI server answered GET /queue (${clients.map((c) => c.root).join(', ')})`,
      { retryable: true },
    )
  }
  const idle = clients.filter((_, i) => loads[i] === least)
  return idle[Math.floor(Math.random() * idle.length)]!
}
