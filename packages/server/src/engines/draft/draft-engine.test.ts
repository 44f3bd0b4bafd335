import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { mediaBinaries } from '../../media/binaries.js'
import { probe } from '../../media/ffprobe.js'
import { runProcess } from '../../media/run-process.js'
import { frameSize } from '../../tasks/sizes.js'
import type { EngineContext, EngineJob } from '../engine.js'
import { createDraftEngine } from './draft-engine.js'

const engine = createDraftEngine({ preset: 'ultrafast' })
const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

async function context(
  signal = new AbortController().signal,
): Promise<EngineContext & { progress: number[] }> {
  const workdir = await mkdtemp(join(tmpdir(), 'kinora-draft-'))
  dirs.push(workdir)
  const progress: number[] = []
  return { signal, workdir, progress, onProgress: (f) => progress.push(f) }
}

function job(over: Partial<EngineJob> = {}): EngineJob {
  const resolution = over.resolution ?? '480p'
  const ratio = over.ratio ?? '16:9'
  return {
    taskId: 'cgt-test',
    mode: 'text',
    inputs: [],
    prompt: 'a lighthouse on a cliff at sunset, waves crashing, seagulls circling',
    resolution,
    ratio,
    ...frameSize(resolution, ratio),
    duration: 4,
    fps: 24,
    seed: 11,
    generateAudio: false,
    watermark: false,
    returnLastFrame: false,
    ...over,
  }
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

/** The last frame of a video decoded to raw RGB. */
async function lastVideoFrame(path: string, width: number, height: number): Promise<Buffer> {
  const { stdout } = await runProcess(mediaBinaries().ffmpeg, [
    '-v',
    'error',
    '-sseof',
    '-0.2',
    '-i',
    path,
    '-update',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ])
  const size = width * height * 3
  return stdout.subarray(stdout.length - size)
}

describe('draft engine', () => {
  it('makes a 1280×720, 24 fps, exactly 120-frame H.264 video with 48 kHz AAC', async () => {
    const ctx = await context()
    const result = await engine.generate(
      job({ resolution: '720p', width: 1280, height: 720, duration: 5, generateAudio: true }),
      ctx,
    )
    const info = await probe(result.videoPath, { countFrames: true })
    const video = info.streams.find((s) => s.codecType === 'video')
    const audio = info.streams.find((s) => s.codecType === 'audio')
    expect(video).toMatchObject({
      codecName: 'h264',
      width: 1280,
      height: 720,
      pixFmt: 'yuv420p',
      fps: 24,
      frames: 120,
    })
    expect(audio).toMatchObject({ codecName: 'aac', sampleRate: 48000, channels: 2 })
    expect(audio!.duration!).toBeGreaterThan(4.95)
    expect(audio!.duration!).toBeLessThan(5.1)
    expect(result.notes?.scene).toMatchObject({ setting: 'ocean', time: 'sunset' })
    expect(ctx.progress.at(-1)).toBe(1)
    expect(ctx.progress.length).toBeGreaterThan(3)
  })

  it('lets the event loop turn between every two progress reports while it draws', async () => {
    // In the embedded default the API shares this event loop. Progress comes every 12 frames,
    // at 720p well over the 20 ms after which the engine must let the loop turn (pace.ts); a
    // turn runs the timers that are due. (Counted with a timer, not setImmediate: a pending
    // setImmediate keeps the loop from waiting for I/O, which is where it could get stuck.)
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    const seen: number[] = []
    const ctx = await context()
    try {
      await engine.generate(
        job({ ...frameSize('720p', '16:9'), resolution: '720p', duration: 5 }),
        {
          ...ctx,
          onProgress: (f) => {
            if (f < 1) seen.push(ticks)
          },
        },
      )
    } finally {
      clearInterval(timer)
    }
    expect(seen.length).toBe(9)
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThan(seen[k - 1]!)
  })

  it('writes no audio stream when audio is off', async () => {
    const result = await engine.generate(job(), await context())
    const info = await probe(result.videoPath)
    expect(info.streams.map((s) => s.codecType)).toEqual(['video'])
  })

  it('gives byte-identical files for the same job and different bytes for another seed', async () => {
    const a = await engine.generate(job({ generateAudio: true }), await context())
    const b = await engine.generate(job({ generateAudio: true }), await context())
    const c = await engine.generate(job({ generateAudio: true, seed: 12 }), await context())
    expect(await sha256(a.videoPath)).toBe(await sha256(b.videoPath))
    expect(await sha256(c.videoPath)).not.toBe(await sha256(a.videoPath))
  })

  it('returns an unwatermarked last frame; the watermark touches only the bottom-right quadrant', async () => {
    const { width, height } = frameSize('480p', '16:9')
    const result = await engine.generate(
      job({ watermark: true, returnLastFrame: true }),
      await context(),
    )
    const png = await sharp(result.lastFramePath!).raw().toBuffer({ resolveWithObject: true })
    expect(png.info).toMatchObject({ width, height, channels: 3 })
    const video = await lastVideoFrame(result.videoPath, width, height)
    const diff = (x0: number, y0: number, x1: number, y1: number) => {
      let strong = 0
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const o = (y * width + x) * 3
          const d =
            Math.abs(video[o]! - png.data[o]!) +
            Math.abs(video[o + 1]! - png.data[o + 1]!) +
            Math.abs(video[o + 2]! - png.data[o + 2]!)
          if (d > 150) strong++
        }
      }
      return strong / ((x1 - x0) * (y1 - y0))
    }
    const w2 = width / 2
    const h2 = height / 2
    // Compression alone barely moves pixels; the white mark does, and only in its corner.
    expect(diff(w2, h2, width, height)).toBeGreaterThan(0.005)
    expect(diff(0, 0, w2, h2)).toBeLessThan(0.0005)
    expect(diff(w2, 0, width, h2)).toBeLessThan(0.0005)
    expect(diff(0, h2, w2, height)).toBeLessThan(0.0005)
  })

  it('rejects quickly with the abort reason when aborted mid-render', async () => {
    const controller = new AbortController()
    const ctx = await context(controller.signal)
    const reason = new Error('cancelled by test')
    const started = performance.now()
    const pending = engine.generate(job({ duration: 12 }), {
      ...ctx,
      onProgress: (f) => {
        if (f > 0.1) controller.abort(reason)
      },
    })
    await expect(pending).rejects.toBe(reason)
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
