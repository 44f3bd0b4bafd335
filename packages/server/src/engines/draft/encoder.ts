import { spawn } from 'node:child_process'
import { internal } from '../../lib/app-error.js'
import { lowerPriority } from '../../lib/lower-priority.js'
import { mediaBinaries } from '../../media/binaries.js'

/** What the one ffmpeg process of a render is asked to write. */
export interface EncodeSpec {
  width: number
  height: number
  fps: number
  /**
   * Exactly this many frames are written (api.md §2.6: fps × duration). Not passed as `-frames:v`:
   * ffmpeg closes every stream of the file when one reaches its frame limit, cutting the audio.
   */
  frames: number
  duration: number
  output: string
  /** A 48 kHz WAV to mux as AAC; no audio stream at all without it. */
  audioPath?: string
  /** x264 preset: `veryfast` in production, `ultrafast` in tests. */
  preset: string
  /** Fixed so the same input gives the same bytes (x264 output depends on its thread count). */
  threads: number
}

/**
 * ffmpeg arguments for raw RGBA frames on stdin (plus an optional WAV) to an H.264/AAC mp4:
 * yuv420p, faststart, and every bit-exact flag so identical frames give identical bytes.
 */
export function encoderArgs(spec: EncodeSpec): string[] {
  const audio = spec.audioPath
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${spec.width}x${spec.height}`,
    '-r',
    String(spec.fps),
    '-i',
    'pipe:0',
    ...(audio ? ['-t', String(spec.duration), '-i', audio] : []),
    '-map',
    '0:v:0',
    ...(audio ? ['-map', '1:a:0'] : []),
    '-c:v',
    'libx264',
    '-preset',
    spec.preset,
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    '-threads',
    String(spec.threads),
    ...(audio ? ['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'] : ['-an']),
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    '-map_metadata',
    '-1',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    '-y',
    spec.output,
  ]
}

/** A running ffmpeg fed frame by frame. */
export interface Encoder {
  /** Queues one frame; resolves when ffmpeg has taken it in (stdin drained). */
  write(frame: Buffer): Promise<void>
  /** Closes stdin and waits for the finished file. */
  finish(): Promise<void>
  /** Kills ffmpeg (on abort or a render error). */
  kill(): void
}

/**
 * Starts ffmpeg. Writes respect back-pressure: a write resolves on 'drain', so no more than one
 * frame waits in Node. Aborting `signal` kills ffmpeg (SIGKILL: it can ignore SIGTERM while blocked
 * on a pipe) and rejects pending calls with the signal's reason. A crash is a retryable AppError.
 */
export function startEncoder(spec: EncodeSpec, signal: AbortSignal): Encoder {
  const child = spawn(mediaBinaries().ffmpeg, encoderArgs(spec), {
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  // x264 can take every core for the whole render: the API keeps the CPU first (lower-priority.ts).
  lowerPriority(child.pid)
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 16_000) stderr += chunk
  })
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err) =>
      reject(internal(`draft engine could not start ffmpeg: ${err.message}`, { cause: err })),
    )
    child.on('close', (code, sig) => {
      signal.removeEventListener('abort', onAbort)
      if (signal.aborted) return reject(signal.reason)
      if (code === 0) return resolve()
      const tail = stderr.trim().split('\n').slice(-4).join('\n')
      reject(
        internal(`draft engine: ffmpeg exited with ${code ?? sig}: ${tail}`, { retryable: true }),
      )
    })
  })
  // Whoever awaits a write learns of an early exit from `exited`; keep it from going unhandled.
  exited.catch(() => {})
  const onAbort = () => child.kill('SIGKILL')
  signal.addEventListener('abort', onAbort, { once: true })
  child.stdin.on('error', () => {})

  return {
    write: (frame) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        if (child.stdin.write(frame)) return resolve()
        const done = () => {
          child.stdin.off('drain', done)
          resolve()
        }
        child.stdin.on('drain', done)
        exited.then(
          () =>
            reject(
              internal('draft engine: ffmpeg exited before taking every frame', {
                retryable: true,
              }),
            ),
          reject,
        )
      }),
    finish: () => {
      child.stdin.end()
      return exited
    },
    kill: () => {
      child.kill('SIGKILL')
    },
  }
}
