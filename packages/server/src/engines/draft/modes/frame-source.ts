import type { Canvas } from '@napi-rs/canvas'
import type { EngineJob } from '../../engine.js'
import type { Scene } from '../scene.js'
import type { Timeline } from '../timeline.js'

/** What every mode gets to build its frames: the job, the prompt's scene and the clip's plan. */
export interface FrameSourceContext {
  job: EngineJob
  scene: Scene
  timeline: Timeline
  /** The task's private folder (inputs live here; scratch files may go here). */
  workdir: string
  signal: AbortSignal
}

/**
 * The frames of one clip, pulled in order 0 … fps × duration − 1 by the engine, which adds the
 * caption and watermark and streams them to the encoder. One source per mode (text, first frame,
 * first and last frame, reference, edit, extend); all draw into canvases of the job's exact size.
 */
export interface FrameSource {
  /** Draws frame `index` and returns the canvas holding it (may be reused by the next call). */
  render(index: number): Canvas | Promise<Canvas>
  /**
   * Frame `index` in whichever form costs less: the canvas `render` would give, or straight RGBA
   * bytes of the job's size for a frame that needs no drawing (decoded video passed through),
   * which skips the canvas round trip (about 10 ms at 720p). The engine calls it instead of
   * `render` where it exists; the bytes stay untouched until the next call.
   */
  frame?(index: number): Promise<Canvas | Buffer>
  /** Stops decoders and frees what the source holds. Called once, success or not. */
  close(): Promise<void>
  /**
   * The clip's sound when the mode has its own (reference audio, the edited or extended video's
   * track): a 48 kHz WAV in the work folder, exactly the clip's length. Undefined, or no method,
   * keeps the soundtrack synthesized for the scene. Asked once, before the first frame, and only
   * when the job wants audio.
   */
  soundtrack?(): Promise<string | undefined>
}

export type FrameSourceFactory = (ctx: FrameSourceContext) => Promise<FrameSource>
