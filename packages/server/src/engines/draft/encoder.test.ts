import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mediaBinaries, useMediaBinaries } from '../../media/binaries.js'
import { runProcess } from '../../media/run-process.js'
import { startEncoder, type EncodeSpec } from './encoder.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

const W = 64
const H = 48
const FRAMES = 40

async function spec(over: Partial<EncodeSpec> = {}): Promise<EncodeSpec> {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-encoder-'))
  dirs.push(dir)
  const output = join(dir, 'video.mp4')
  const base = { width: W, height: H, fps: 24, frames: FRAMES, duration: FRAMES / 24 }
  return { ...base, output, preset: 'ultrafast', threads: 2, ...over }
}

/** A flat grey RGBA frame, level `v`. */
const grey = (v: number) => {
  const frame = Buffer.alloc(W * H * 4, v)
  for (let i = 3; i < frame.length; i += 4) frame[i] = 255
  return frame
}

/** Mean luma of each frame of a video. */
async function levels(path: string): Promise<number[]> {
  const { stdout } = await runProcess(mediaBinaries().ffmpeg, [
    ...['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ])
  const means: number[] = []
  for (let at = 0; at < stdout.length; at += W * H) {
    let sum = 0
    for (let i = at; i < at + W * H; i++) sum += stdout[i]!
    means.push(sum / (W * H))
  }
  return means
}

describe('encoder', () => {
  it('keeps every frame, in order, though each write reuses the caller’s bytes at once', async () => {
    const s = await spec()
    const encoder = startEncoder(s, new AbortController().signal)
    // One buffer overwritten after each write: the encoder must have copied it already.
    const frame = Buffer.alloc(W * H * 4)
    for (let i = 0; i < FRAMES; i++) {
      frame.set(grey(40 + i * 4))
      await encoder.write(frame)
    }
    await encoder.finish()
    const means = await levels(s.output)
    expect(means).toHaveLength(FRAMES)
    // Strictly rising: a frame lost, repeated or swapped breaks the order.
    for (let i = 1; i < FRAMES; i++) expect(means[i]! - means[i - 1]!).toBeGreaterThan(2)
  })

  it('rejects with the abort reason and stops ffmpeg when aborted', async () => {
    const s = await spec()
    const controller = new AbortController()
    const encoder = startEncoder(s, controller.signal)
    await encoder.write(grey(100))
    const reason = new Error('cancelled by test')
    controller.abort(reason)
    await expect(encoder.write(grey(100))).rejects.toBe(reason)
    // Gone without closing its input: killed, not finished.
    const running = async () =>
      (await runProcess('ps', ['-eo', 'args='])).stdout.toString().includes(s.output)
    await expect.poll(running, { timeout: 5000 }).toBe(false)
    await expect(encoder.finish()).rejects.toBe(reason)
  })

  it('reports ffmpeg failing as a retryable error, to the next write and to finish', async () => {
    // A folder that does not exist: ffmpeg fails as soon as it opens its output.
    const s = await spec({ output: join(tmpdir(), 'kinora-no-such-dir', 'video.mp4') })
    const encoder = startEncoder(s, new AbortController().signal)
    const failure = { code: 'InternalServiceError', retryable: true }
    let error: unknown
    try {
      for (let i = 0; i < FRAMES; i++) await encoder.write(grey(100))
      await encoder.finish()
    } catch (err) {
      error = err
    }
    expect(error).toMatchObject(failure)
    expect((error as Error).message).toMatch(/ffmpeg exited/)
    await expect(encoder.finish()).rejects.toMatchObject(failure)
  })

  it('reports an ffmpeg that cannot start', async () => {
    const real = mediaBinaries().ffmpeg
    useMediaBinaries({ ffmpeg: join(tmpdir(), 'kinora-no-such-ffmpeg') })
    try {
      const s = await spec()
      const encoder = startEncoder(s, new AbortController().signal)
      await expect(encoder.write(grey(100))).rejects.toThrow(/could not start ffmpeg/)
      await expect(stat(s.output)).rejects.toThrow()
    } finally {
      useMediaBinaries({ ffmpeg: real })
    }
  })
})
