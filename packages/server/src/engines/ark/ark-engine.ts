import { join } from 'node:path'
import sharp from 'sharp'
import type { BlobStore } from '../../blobs/blob-store.js'
import { internal } from '../../lib/app-error.js'
import type { TaskUsage } from '../../store/store.js'
import { conformVideo } from '../conform-video.js'
import type { Engine, EngineContext, EngineJob, EngineResult } from '../engine.js'
import { findRoute, type ModelRoute } from '../models.js'
import { sleep, upstreamDownload } from '../upstream-request.js'
import { arkBody } from './ark-body.js'
import { createArkClient, upstreamError, type UpstreamTask } from './ark-client.js'
import { arkRouteOptions } from './ark-route.js'

export interface ArkEngineOptions {
  /** `KINORA_ARK_BASE_URL`, the API root such as `https://ark.ap-southeast.bytepluses.com/api/v3`. */
  baseUrl: string
  /** `KINORA_ARK_API_KEY`, sent as a Bearer token. */
  apiKey?: string
  /** The routing table; the engine reads the upstream model of the job's route. */
  routes: readonly ModelRoute[]
  /** Videos go upstream as signed links on it; fetched ones are stored there first. */
  blobs: BlobStore
  /** Whether blob links are reachable from outside (`KINORA_PUBLIC_URL` set, or S3). */
  publicLinks: boolean
  /** x264 preset of the post-processing. */
  preset: string
  /** First wait between polls (default 2 s); it grows by half each time up to `maxPollMs`. */
  pollMs?: number
  /** Longest wait between polls (default 15 s). */
  maxPollMs?: number
  /** First backoff of a retried request (default 1 s). */
  retryBaseMs?: number
}

const SERVICE = 'the Seedance upstream'

/**
 * The `ark` engine (docs/engines.md): Kinora as a gateway to a Seedance-compatible upstream over
 * the upstream's own task API. It creates the upstream task, polls it with a growing interval,
 * reports its progress, keeps the upstream's error codes, cancels it upstream when the job's signal
 * aborts (cancel, expiry, shutdown), downloads the video and last frame, and post-processes the
 * video to Kinora's contract (the upstream's sizes differ in places). Tools go upstream, and the
 * usage is what the upstream billed.
 */
export function createArkEngine(options: ArkEngineOptions): Engine {
  const client = createArkClient({
    baseUrl: options.baseUrl,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    retryBaseMs: options.retryBaseMs ?? 1000,
  })
  const routes = options.routes.filter((r) => r.engine === 'ark')

  async function follow(id: string, ctx: EngineContext): Promise<UpstreamTask> {
    let wait = options.pollMs ?? 2000
    for (;;) {
      await sleep(wait, ctx.signal)
      wait = Math.min(options.maxPollMs ?? 15_000, wait * 1.5)
      const task = await client.get(id, ctx.signal)
      if (task.status === 'succeeded') return task
      if (task.status === 'running') ctx.onProgress(0.05 + 0.85 * ((task.progress ?? 10) / 100))
      if (task.status === 'failed' || task.status === 'expired') {
        const error = task.error ?? {
          code: 'InternalServiceError',
          message: `the task ${task.status === 'expired' ? 'expired' : 'failed'} without an error`,
        }
        throw upstreamError(error.code, error.message)
      }
      if (task.status === 'cancelled') {
        throw internal(`The Seedance upstream task ${id} was cancelled there, not by Kinora`)
      }
    }
  }

  return {
    name: 'ark',
    handlesTools: true,
    async generate(job: EngineJob, ctx: EngineContext): Promise<EngineResult> {
      if (!job.model) throw internal('The ark engine needs the job’s model to find its route')
      const route = arkRouteOptions.parse(findRoute(routes, job.model).options)
      const body = await arkBody(job, {
        upstreamModel: route.upstreamModel,
        blobs: options.blobs,
        publicLinks: options.publicLinks,
        now: Date.now(),
      })
      const id = await client.create(body, ctx.signal)
      let task: UpstreamTask
      try {
        ctx.signal.throwIfAborted()
        task = await follow(id, ctx)
      } catch (err) {
        if (ctx.signal.aborted) await client.cancel(id)
        throw err
      }
      const video = task.content?.video_url
      if (!video) throw internal(`The Seedance upstream task ${id} succeeded without a video_url`)
      const upstreamVideo = join(ctx.workdir, 'upstream.mp4')
      await upstreamDownload(SERVICE, video, upstreamVideo, ctx.signal)
      ctx.onProgress(0.93)
      const result: EngineResult = {
        videoPath: join(ctx.workdir, 'video.mp4'),
        notes: { upstreamTaskId: id },
      }
      const lastFrameUrl = job.returnLastFrame ? task.content?.last_frame_url : undefined
      if (job.returnLastFrame) result.lastFramePath = join(ctx.workdir, 'last-frame.png')
      await conformVideo(upstreamVideo, result.videoPath, {
        width: job.width,
        height: job.height,
        fps: job.fps,
        duration: job.duration,
        sourceFormat: 'mov',
        sound: job.generateAudio,
        // The upstream drew its own mark when asked; its last frame comes without one.
        watermark: false,
        ...(job.returnLastFrame && !lastFrameUrl ? { lastFramePath: result.lastFramePath } : {}),
        preset: options.preset,
        signal: ctx.signal,
      })
      if (lastFrameUrl && result.lastFramePath) {
        const upstreamFrame = join(ctx.workdir, 'upstream-last-frame')
        await upstreamDownload(SERVICE, lastFrameUrl, upstreamFrame, ctx.signal)
        await sharp(upstreamFrame, { limitInputPixels: 50_000_000 })
          .resize(job.width, job.height, { fit: 'cover', position: 'centre' })
          .removeAlpha()
          .png()
          .toFile(result.lastFramePath)
      }
      const usage = usageOf(task)
      if (usage) result.usage = usage
      ctx.onProgress(1)
      return result
    },
  }
}

function usageOf(task: UpstreamTask): TaskUsage | undefined {
  if (!task.usage) return undefined
  const { completion_tokens, total_tokens, tool_usage } = task.usage
  return {
    completionTokens: completion_tokens,
    totalTokens: total_tokens,
    ...(tool_usage ? { toolUsage: tool_usage } : {}),
  }
}
