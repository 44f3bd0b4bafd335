import type { AudioInfo } from '../media/inspect-audio.js'
import type { ImageInfo } from '../media/inspect-image.js'
import type { VideoInfo } from '../media/inspect-video.js'
import type { TaskUsage } from '../store/store.js'
import type { MediaRef, Mode } from '../tasks/modes.js'
import type { FixedRatio, Resolution } from '../tasks/sizes.js'

/** An input medium, fetched into the task's work folder and checked against spec §2.4. */
export interface EngineInput {
  kind: 'image' | 'video' | 'audio'
  role: MediaRef['role']
  /** Local file, inside the work folder. */
  path: string
  info: ImageInfo | VideoInfo | AudioInfo
  /** Where the blob store keeps it, for inputs stored at create time (data URLs, assets). */
  blobKey?: string
}

/** What an engine is asked to make: every parameter already resolved (no `adaptive`, no -1). */
export interface EngineJob {
  taskId: string
  /** The model id as the client sent it; engines serving several routes look theirs up by it. */
  model?: string
  mode: Mode
  /** Input media in content order (empty for text-to-video). Prompts cite them per kind. */
  inputs: EngineInput[]
  /** The prompt with suffix commands stripped; empty when the request had no text. */
  prompt: string
  /** A headline from web search to show on screen; engines that cannot show text ignore it. */
  caption?: string
  resolution: Resolution
  ratio: FixedRatio
  width: number
  height: number
  /** Whole seconds; the output has exactly `fps × duration` frames. */
  duration: number
  fps: number
  seed: number
  generateAudio: boolean
  watermark: boolean
  returnLastFrame: boolean
  /** The request's tools, for engines that hand them upstream (`handlesTools`). */
  tools?: { type: 'web_search' }[]
  /** The request's `safety_identifier`, forwarded by gateway engines. */
  safetyIdentifier?: string
}

export interface EngineContext {
  /** Aborted on cancel, expiry or shutdown; engines stop promptly and throw. */
  signal: AbortSignal
  /** A private, empty folder the engine may write into; removed after the task settles. */
  workdir: string
  /** Fraction done, 0..1. Callers throttle and keep it monotonic. */
  onProgress(fraction: number): void
}

export interface EngineResult {
  /** Path of the finished mp4 inside `workdir`. */
  videoPath: string
  /** Path of the unwatermarked last frame PNG, present when the job asked for it. */
  lastFramePath?: string
  /** Free-form facts about how the video was made (the draft engine's scene), kept for debugging. */
  notes?: Record<string, unknown>
  /** What an upstream billed (ark); the worker computes spec §2.5 usage without it. */
  usage?: TaskUsage
}

/**
 * The Engine port (architecture.md "Ports"). An engine turns a resolved job into an mp4; it throws
 * AppError with `retryable` set for faults, and never fakes a result.
 */
export interface Engine {
  readonly name: string
  /** The engine runs the request's tools itself (ark hands them upstream); the worker does not. */
  readonly handlesTools?: boolean
  generate(job: EngineJob, ctx: EngineContext): Promise<EngineResult>
  /**
   * Loads what the first job would otherwise load on the event loop (a sound bank, a model), so
   * that it happens while a worker process starts, not while it serves. Optional.
   */
  warmUp?(): Promise<void>
  close?(): Promise<void>
}
