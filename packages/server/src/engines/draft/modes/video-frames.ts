import { spawn } from 'node:child_process'
import { ImageData, type SKRSContext2D } from '@napi-rs/canvas'
import { internal } from '../../../lib/app-error.js'
import { lowerPriority } from '../../../lib/lower-priority.js'
import { mediaBinaries } from '../../../media/binaries.js'
import { restrictedInput } from '../../../media/restricted-input.js'

/** Buffers a reader rotates through: a frame stays valid while the next two are read. */
const POOL = 3

/** What a reader delivers: frames of exactly this size and rate, however the source was shot. */
export interface VideoFrameOptions {
  width: number
  height: number
  fps: number
  /** Stop after this many frames (fewer when the footage ends first). */
  maxFrames: number
  /** Play the footage this many times slower (> 1) or faster (< 1); default 1. */
  stretch?: number
  signal: AbortSignal
}

/** Frames of one video, pulled one at a time. */
export interface VideoFrameReader {
  /**
   * The next frame as straight RGBA (`width × height × 4` bytes), or undefined at the end. The
   * Buffer is 4-byte aligned (whole-pixel views work) and the caller's to change; it stays valid
   * until two more frames have been read (the reader reuses its buffers).
   */
  next(): Promise<Buffer | undefined>
  /** Stops the decoder (if it still runs) and waits for it to exit. */
  close(): Promise<void>
}

/**
 * The ffmpeg filter that re-frames any picture to exactly `width`×`height`: scaled to cover the
 * frame (never below it, whatever the rounding) and centre-cropped (spec §2.6).
 */
export function coverFilter(width: number, height: number): string {
  return (
    `scale=w='max(${width},ceil(iw*${height}/ih))':h='max(${height},ceil(ih*${width}/iw))'` +
    `:flags=bicubic,crop=${width}:${height},setsar=1`
  )
}

/**
 * Decodes a user's video (draft-engine.md "Reference videos") in its own ffmpeg process: opened
 * only through the restricted input (mov demuxer, file protocol: no playlist can be followed),
 * re-timed to `fps`, re-framed by `coverFilter`, and streamed as raw RGBA with back-pressure, so at
 * most a frame or two wait in memory even at 1080p while ffmpeg decodes ahead on the other core.
 * Aborting `signal` kills ffmpeg and rejects `next` with the signal's reason.
 */
export function openVideoFrames(path: string, opts: VideoFrameOptions): VideoFrameReader {
  const { width, height, fps, signal } = opts
  const frameBytes = width * height * 4
  const stretch = opts.stretch ?? 1
  const filters = [
    ...(stretch !== 1 ? [`setpts=${stretch.toFixed(6)}*PTS`] : []),
    `fps=${fps}`,
    coverFilter(width, height),
  ]
  const args = [
    '-v',
    'error',
    '-nostdin',
    ...restrictedInput('mov', path),
    '-map',
    '0:v:0',
    '-vf',
    filters.join(','),
    '-frames:v',
    String(Math.max(1, opts.maxFrames)),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    'pipe:1',
  ]
  signal.throwIfAborted()
  const child = spawn(mediaBinaries().ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  // Decoding runs for the whole render, beside the encoder: the API keeps the CPU first.
  lowerPriority(child.pid)
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 8000) stderr += chunk
  })
  let ended = false
  let killed = false
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(internal(`could not start ffmpeg: ${err.message}`)))
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort)
      if (signal.aborted) return reject(signal.reason)
      if (code === 0 || killed) return resolve()
      const tail = stderr.trim().split('\n').slice(-3).join('\n')
      reject(internal(`ffmpeg could not decode an input video: ${tail}`, { retryable: true }))
    })
  })
  exited.catch(() => {})
  const onAbort = () => child.kill('SIGKILL')
  signal.addEventListener('abort', onAbort, { once: true })
  // Chunks arrive in 64 KB pieces; ffmpeg is paused once two frames wait, resumed as they go.
  const chunks: Buffer[] = []
  let buffered = 0
  let wake: (() => void) | undefined
  const notify = () => {
    wake?.()
    wake = undefined
  }
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    buffered += chunk.length
    if (buffered >= 2 * frameBytes) child.stdout.pause()
    notify()
  })
  child.stdout.on('end', () => {
    ended = true
    notify()
  })
  child.stdout.on('close', notify)
  // Frames rotate through a few buffers instead of a fresh 4-8 MB allocation each (the garbage
  // collector then spent more time on them than the copy).
  const pool = Array.from({ length: POOL }, () => Buffer.allocUnsafeSlow(frameBytes))
  let taken = 0
  const take = (): Buffer => {
    const frame = pool[taken++ % POOL]!
    let filled = 0
    while (filled < frameBytes) {
      const chunk = chunks[0]!
      const used = Math.min(chunk.length, frameBytes - filled)
      chunk.copy(frame, filled, 0, used)
      filled += used
      if (used === chunk.length) chunks.shift()
      else chunks[0] = chunk.subarray(used)
    }
    buffered -= frameBytes
    if (buffered < 2 * frameBytes) child.stdout.resume()
    return frame
  }

  return {
    async next() {
      for (;;) {
        signal.throwIfAborted()
        if (buffered >= frameBytes) return take()
        if (ended || child.stdout.destroyed) {
          await exited
          return undefined
        }
        await new Promise<void>((resolve) => (wake = resolve))
      }
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true
        child.kill('SIGKILL')
      }
      // A paused pipe holding unread frames would keep the process from ever reporting 'close'.
      child.stdout.destroy()
      chunks.length = 0
      await exited.catch(() => {})
    },
  }
}

/** Writes a decoded frame into a canvas as is (no blending, no transform), without copying it first. */
export function putFrame(ctx: SKRSContext2D, frame: Buffer, width: number, height: number): void {
  const pixels = new Uint8ClampedArray(frame.buffer, frame.byteOffset, frame.length)
  ctx.putImageData(new ImageData(pixels, width, height), 0, 0)
}
