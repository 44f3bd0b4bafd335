import { stat } from 'node:fs/promises'
import { invalidParameter } from '../lib/app-error.js'
import { probe, type ProbeResult } from './ffprobe.js'
import {
  DURATION_TOLERANCE_S,
  formatBytes,
  formatSeconds,
  FPS_TOLERANCE,
  MEDIA_LIMITS,
} from './media-limits.js'
import { decodesFully } from './restricted-input.js'
import { describeBytes, readHead, sniff, type VideoFormat } from './sniff.js'

export interface VideoInfo {
  kind: 'video'
  format: VideoFormat
  /** ffprobe's codec name: `h264` or `hevc`. */
  codec: string
  width: number
  height: number
  /** Seconds. */
  duration: number
  /** Average frames per second. */
  fps: number
  hasAudio: boolean
  bytes: number
}

const limits = MEDIA_LIMITS.video
const CODEC_NAMES: Record<string, string> = { h264: 'H.264', hevc: 'H.265' }

/**
 * Checks a downloaded video against spec §2.4 and says what later stages need: at most 50 MB, mp4
 * or mov by its leading bytes, then ffprobe restricted to the mov demuxer and to file input (an HLS
 * playlist or concat list renamed .mp4 is refused and what it points at is never opened), H.264 or
 * H.265, each side 300-6000 px, 2-15 s, 24-60 fps, and finally one full restricted decode so a
 * truncated file is refused. Throws `InvalidParameter` naming `param`.
 */
export async function inspectVideo(
  path: string,
  param: string,
  opts: { signal?: AbortSignal } = {},
): Promise<VideoInfo> {
  const refuse = (why: string) => invalidParameter(param, `${param}: ${why}`)
  const { signal } = opts
  const bytes = (await stat(path)).size
  if (bytes > limits.maxBytes) {
    throw refuse(
      `the video is ${formatBytes(bytes)}; it must be at most ${formatBytes(limits.maxBytes)}`,
    )
  }
  const head = await readHead(path)
  const found = sniff(head)
  if (found?.kind !== 'video') {
    throw refuse(`the file is ${describeBytes(head)}, not an mp4 or mov video`)
  }
  let probed: ProbeResult
  try {
    probed = await probe(path, { format: 'mov', ...(signal ? { signal } : {}) })
  } catch (err) {
    if (signal?.aborted) throw err
    throw refuse(
      `the file is not a readable ${found.format} video; its structure is damaged or incomplete`,
    )
  }
  const video = probed.streams.find((s) => s.codecType === 'video')
  if (!video) throw refuse('the file has no video stream')
  const codec = CODEC_NAMES[video.codecName]
  if (!codec) throw refuse(`the video is ${video.codecName}; it must be H.264 or H.265`)
  const { width = 0, height = 0 } = video
  if (Math.min(width, height) < limits.minSide || Math.max(width, height) > limits.maxSide) {
    throw refuse(
      `the video is ${width}×${height} px; each side must be ${limits.minSide}-${limits.maxSide} px`,
    )
  }
  const duration = probed.duration || video.duration || 0
  if (
    duration < limits.minSeconds - DURATION_TOLERANCE_S ||
    duration > limits.maxSeconds + DURATION_TOLERANCE_S
  ) {
    throw refuse(
      `the video is ${formatSeconds(duration)} long; each video must be ` +
        `${limits.minSeconds}-${limits.maxSeconds} s`,
    )
  }
  const fps = video.avgFps ?? video.fps ?? 0
  if (fps < limits.minFps - FPS_TOLERANCE || fps > limits.maxFps + FPS_TOLERANCE) {
    throw refuse(
      `the video is ${Number(fps.toFixed(3))} fps; it must be ${limits.minFps}-${limits.maxFps} fps`,
    )
  }
  if (!(await decodesFully('mov', path, signal))) {
    throw refuse(`the ${codec} video is truncated or damaged; it does not decode to the end`)
  }
  const hasAudio = probed.streams.some((s) => s.codecType === 'audio')
  return {
    kind: 'video',
    format: found.format,
    codec: video.codecName,
    width,
    height,
    duration,
    fps,
    hasAudio,
    bytes,
  }
}
