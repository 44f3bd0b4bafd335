import { AppError } from '../lib/app-error.js'

/** A finished render as output moderation sees it. */
export interface ModeratedOutput {
  /** The prompt the engine rendered, web search facts included. */
  prompt: string
  /** The caption shown on screen, when there was one. */
  caption?: string
  /** The mp4 to sample frames from. */
  videoPath: string
  /** Its length in seconds. */
  duration: number
}

/**
 * The moderation port (spec §2.7): text at create, input images when they arrive, the output after
 * rendering. Each check resolves when the content passes and throws the spec's AppError when the
 * policy refuses it: `InputTextSensitiveContentDetected` and `InputImageSensitiveContentDetected`
 * (400, naming the field), `OutputVideoSensitiveContentDetected` (a task failure after 100 %).
 */
export interface ModerationPolicy {
  checkText(text: string, param: string): Promise<void>
  checkImage(path: string, param: string, signal?: AbortSignal): Promise<void>
  checkOutput(output: ModeratedOutput, signal?: AbortSignal): Promise<void>
  /**
   * Loads what the first check would otherwise load on the event loop (an image model), so that
   * it happens while a worker process starts, not while it serves. Optional.
   */
  warmUp?(): Promise<void>
}

export const textRefused = (param: string, why: string): AppError =>
  new AppError(
    400,
    'InputTextSensitiveContentDetected',
    `${param}: the text was refused by this server's content policy (${why}); rephrase it`,
    { param },
  )

export const imageRefused = (param: string, why: string): AppError =>
  new AppError(
    400,
    'InputImageSensitiveContentDetected',
    `${param}: the image was refused by this server's content policy (${why}); use another image`,
    { param },
  )

export const outputRefused = (why: string): AppError =>
  new AppError(
    400,
    'OutputVideoSensitiveContentDetected',
    `The generated video was refused by this server's content policy (${why}); change the prompt or inputs`,
  )
