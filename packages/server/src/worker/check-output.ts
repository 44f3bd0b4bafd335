import type { EngineJob } from '../engines/engine.js'
import { internal } from '../lib/app-error.js'
import { probe } from '../media/ffprobe.js'

/**
 * Probes an engine's mp4 against its job (architecture "Task life", step 4): H.264 yuv420p at the
 * exact size, 24 fps, exactly fps × duration frames, and an AAC 48 kHz track iff audio was asked.
 * A mismatch is an engine fault, never a success. Returns the list of problems (empty when good);
 * a file ffprobe cannot read at all throws a retryable `InternalServiceError`.
 */
export async function outputProblems(
  path: string,
  job: EngineJob,
  signal?: AbortSignal,
): Promise<string[]> {
  const result = await probe(path, {
    countFrames: true,
    format: 'mp4',
    ...(signal ? { signal } : {}),
  }).catch((err: unknown) => {
    if (signal?.aborted) throw err
    // A truncated or garbled file, or ffprobe itself crashing: an engine fault worth a retry.
    const why = err instanceof Error ? (err.message.split('\n').at(-1) ?? '').trim() : ''
    throw internal(`The engine's output is not a readable mp4${why ? ` (${why})` : ''}`, {
      retryable: true,
      cause: err,
    })
  })
  const problems: string[] = []
  const videos = result.streams.filter((s) => s.codecType === 'video')
  const audios = result.streams.filter((s) => s.codecType === 'audio')
  const v = videos[0]
  if (videos.length !== 1 || !v) return [`expected one video stream, found ${videos.length}`]
  const expect = (what: string, got: unknown, want: unknown) => {
    if (got !== want) problems.push(`${what} is ${String(got)}, expected ${String(want)}`)
  }
  expect('video codec', v.codecName, 'h264')
  expect('pixel format', v.pixFmt, 'yuv420p')
  expect('size', `${v.width}x${v.height}`, `${job.width}x${job.height}`)
  expect('frame rate', v.fps, job.fps)
  expect('frame count', v.frames, job.fps * job.duration)
  if (job.generateAudio) {
    const a = audios[0]
    if (audios.length !== 1 || !a)
      problems.push(`expected one audio stream, found ${audios.length}`)
    else {
      expect('audio codec', a.codecName, 'aac')
      expect('audio sample rate', a.sampleRate, 48_000)
    }
  } else if (audios.length > 0) {
    problems.push('found an audio stream although generate_audio is false')
  }
  return problems
}

export async function checkOutput(
  path: string,
  job: EngineJob,
  signal?: AbortSignal,
): Promise<void> {
  const problems = await outputProblems(path, job, signal)
  if (problems.length > 0) {
    throw internal(`The engine's output does not match the request: ${problems.join('; ')}`)
  }
}
