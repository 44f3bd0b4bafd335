import { stat } from 'node:fs/promises'
import { invalidParameter } from '../lib/app-error.js'
import { probe, type ProbeResult } from './ffprobe.js'
import { DURATION_TOLERANCE_S, formatBytes, formatSeconds, MEDIA_LIMITS } from './media-limits.js'
import { decodesFully } from './restricted-input.js'
import { describeBytes, readHead, sniff, type AudioFormat } from './sniff.js'

export interface AudioInfo {
  kind: 'audio'
  format: AudioFormat
  /** Seconds. */
  duration: number
  bytes: number
}

const limits = MEDIA_LIMITS.audio

/**
 * Checks downloaded or decoded audio against spec §2.4: at most 15 MB, wav or mp3 by its leading
 * bytes, ffprobe restricted to that one demuxer and to file input, an audio stream of 2-15 s, then
 * one full restricted decode so truncated files are refused. Throws `InvalidParameter` naming
 * `param`.
 */
export async function inspectAudio(
  path: string,
  param: string,
  opts: { signal?: AbortSignal } = {},
): Promise<AudioInfo> {
  const refuse = (why: string) => invalidParameter(param, `${param}: ${why}`)
  const { signal } = opts
  const bytes = (await stat(path)).size
  if (bytes > limits.maxBytes) {
    throw refuse(
      `the audio is ${formatBytes(bytes)}; it must be at most ${formatBytes(limits.maxBytes)}`,
    )
  }
  const head = await readHead(path)
  const found = sniff(head)
  if (found?.kind !== 'audio')
    throw refuse(`the file is ${describeBytes(head)}, not wav or mp3 audio`)
  const { format } = found
  let probed: ProbeResult
  try {
    probed = await probe(path, { format, ...(signal ? { signal } : {}) })
  } catch (err) {
    if (signal?.aborted) throw err
    throw refuse(`the file is not readable ${format} audio; it is damaged or incomplete`)
  }
  const audio = probed.streams.find((s) => s.codecType === 'audio')
  if (!audio) throw refuse(`the ${format} file has no audio stream`)
  const duration = probed.duration || audio.duration || 0
  if (
    duration < limits.minSeconds - DURATION_TOLERANCE_S ||
    duration > limits.maxSeconds + DURATION_TOLERANCE_S
  ) {
    throw refuse(
      `the audio is ${formatSeconds(duration)} long; each audio must be ` +
        `${limits.minSeconds}-${limits.maxSeconds} s`,
    )
  }
  if (!(await decodesFully(format, path, signal))) {
    throw refuse(`the ${format} audio is truncated or damaged; it does not decode to the end`)
  }
  return { kind: 'audio', format, duration, bytes }
}
