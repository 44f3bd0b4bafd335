import { Worker } from 'node:worker_threads'
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
  /**
   * Queues one frame; resolves once its bytes are copied for the encoder, so the caller may
   * reuse them. Waits while every frame slot is still on its way to ffmpeg.
   */
  write(frame: Buffer): Promise<void>
  /** Closes stdin and waits for the finished file. */
  finish(): Promise<void>
  /** Kills ffmpeg (on abort or a render error). */
  kill(): void
}

/** Frames that may be on their way to ffmpeg at once (each width × height × 4 bytes). */
const SLOTS = 3

/**
 * The thread that owns ffmpeg (evaluated as CommonJS): spawns it, writes each frame the render
 * puts in a shared slot to its stdin and hands the slot back once the pipe has taken it, and
 * reports the exit with the end of stderr. Writing from here keeps the pipe flowing while the main
 * thread is busy drawing the next frame; written from the main thread, a frame of 720p moves
 * through the 64 KiB pipe only between frames, so ffmpeg and the render take turns.
 */
const WRITER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const { spawn } = require('node:child_process')
const { binary, args, shared, frameBytes } = workerData
const child = spawn(binary, args, { stdio: ['pipe', 'ignore', 'pipe'] })
let stderr = ''
child.stderr.setEncoding('utf8')
child.stderr.on('data', (chunk) => {
  if (stderr.length < 16000) stderr += chunk
})
child.stdin.on('error', () => {})
child.on('error', (err) => parentPort.postMessage({ type: 'error', message: err.message }))
child.on('close', (code, signal) => {
  parentPort.postMessage({ type: 'exit', code, signal, stderr })
  parentPort.close()
})
if (child.pid !== undefined) parentPort.postMessage({ type: 'spawned', pid: child.pid })
parentPort.on('message', (m) => {
  if (m.type === 'frame') {
    const bytes = Buffer.from(shared, m.slot * frameBytes, frameBytes)
    child.stdin.write(bytes, () => parentPort.postMessage({ type: 'taken', slot: m.slot }))
  } else if (m.type === 'end') child.stdin.end()
  else if (m.type === 'kill') child.kill('SIGKILL')
})
`

type FromThread =
  | { type: 'spawned'; pid: number }
  | { type: 'taken'; slot: number }
  | { type: 'error'; message: string }
  | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null; stderr: string }

/**
 * Starts ffmpeg, fed from a thread of its own (WRITER_THREAD) through SLOTS shared frame slots.
 * Aborting `signal` kills ffmpeg (SIGKILL: it can ignore SIGTERM while blocked on a pipe) and
 * rejects pending calls with the signal's reason. A crash is a retryable AppError.
 */
export function startEncoder(spec: EncodeSpec, signal: AbortSignal): Encoder {
  const frameBytes = spec.width * spec.height * 4
  const shared = new SharedArrayBuffer(frameBytes * SLOTS)
  const worker = new Worker(WRITER_THREAD, {
    eval: true,
    workerData: { binary: mediaBinaries().ffmpeg, args: encoderArgs(spec), shared, frameBytes },
  })
  const free = Array.from({ length: SLOTS }, (_, i) => i)
  let onFree: (() => void) | undefined
  let settled = false
  let resolveSpawned!: () => void
  const spawned = new Promise<void>((resolve) => (resolveSpawned = resolve))
  let resolveExit!: () => void
  let rejectExit!: (err: unknown) => void
  const exited = new Promise<void>((resolve, reject) => {
    resolveExit = resolve
    rejectExit = reject
  })
  // Whoever awaits a write learns of an early exit from `exited`; keep it from going unhandled.
  exited.catch(() => {})
  const end = (err?: unknown) => {
    if (settled) return
    settled = true
    signal.removeEventListener('abort', onAbort)
    if (signal.aborted) rejectExit(signal.reason)
    else if (err) rejectExit(err)
    else resolveExit()
    onFree?.()
  }
  worker.on('message', (m: FromThread) => {
    if (m.type === 'spawned') {
      // x264 can take every core for the whole render: the API keeps the CPU first
      // (lower-priority.ts). Before the first frame, so x264's threads inherit it.
      lowerPriority(m.pid)
      resolveSpawned()
    } else if (m.type === 'taken') {
      free.push(m.slot)
      onFree?.()
    } else if (m.type === 'error') {
      end(internal(`draft engine could not start ffmpeg: ${m.message}`))
    } else if (m.code === 0) {
      end()
    } else {
      const tail = m.stderr.trim().split('\n').slice(-4).join('\n')
      end(
        internal(`draft engine: ffmpeg exited with ${m.code ?? m.signal}: ${tail}`, {
          retryable: true,
        }),
      )
    }
  })
  worker.on('error', (err) => end(internal(`draft engine: encoder thread failed: ${err.message}`)))
  worker.on('exit', () => end(internal('draft engine: encoder thread ended early')))
  const kill = () => worker.postMessage({ type: 'kill' })
  const onAbort = kill
  signal.addEventListener('abort', onAbort, { once: true })

  const slot = async (): Promise<number> => {
    await Promise.race([spawned, exited])
    while (free.length === 0 && !settled) await new Promise<void>((r) => (onFree = r))
    onFree = undefined
    if (settled) {
      await exited
      throw internal('draft engine: ffmpeg exited before taking every frame', { retryable: true })
    }
    return free.pop()!
  }

  return {
    async write(frame) {
      signal.throwIfAborted()
      const at = await slot()
      new Uint8Array(shared, at * frameBytes, frameBytes).set(frame)
      worker.postMessage({ type: 'frame', slot: at })
    },
    finish: () => {
      worker.postMessage({ type: 'end' })
      return exited
    },
    kill,
  }
}
