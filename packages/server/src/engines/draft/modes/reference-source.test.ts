import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediaBinaries } from '../../../media/binaries.js'
import { probe } from '../../../media/ffprobe.js'
import { inspectImage } from '../../../media/inspect-image.js'
import { inspectVideo } from '../../../media/inspect-video.js'
import { runProcess } from '../../../media/run-process.js'
import { makeVideo } from '../../../media/test-media.js'
import { frameSize } from '../../../tasks/sizes.js'
import type { EngineInput, EngineJob } from '../../engine.js'
import { detectBeats } from '../audio/beats.js'
import { encodeWav, SAMPLE_RATE } from '../audio/wav.js'
import { createDraftEngine } from '../draft-engine.js'
import { createRng } from '../prng.js'
import { structuredImage } from './test-images.js'
import { coverFramings, coverGrey, decodeFrames, frameChanges, ncc } from './test-measure.js'
import { renderTask, type RenderedTask } from './test-render-task.js'

const W = 864
const H = 496
const SW = 96
const SH = 54
/** The reference song: a click on every beat at 120 BPM, the first at 0.35 s. */
const BEATS = Array.from({ length: 8 }, (_, k) => 0.35 + k * 0.5)

function clickTrack(seconds: number): Buffer {
  const left = new Float32Array(seconds * SAMPLE_RATE)
  const rng = createRng(1, 'click-track')
  for (const t of BEATS) {
    const at = Math.round(t * SAMPLE_RATE)
    for (let i = 0; i < 3000; i++) left[at + i] = (rng.next() * 2 - 1) * 0.7 * Math.exp(-i / 500)
  }
  return encodeWav({ left, right: left })
}

let dir: string
let image1: Buffer
let image2: Buffer
let video: Buffer
let videoSeconds: number
let result: RenderedTask
let frames: Uint8Array[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-reference-'))
  image1 = await structuredImage(800, 600, 11)
  image2 = await structuredImage(600, 800, 12)
  await makeVideo(join(dir, 'v.mp4'), { size: '640x360', seconds: 3, fps: 30 })
  video = await readFile(join(dir, 'v.mp4'))
  videoSeconds = (await inspectVideo(join(dir, 'v.mp4'), 'v')).duration
  result = await renderTask(
    dir,
    '@image2 opens, then @video1, and @image1 closes',
    [
      { type: 'image_url', role: 'reference_image', name: 'a.png', bytes: image1 },
      { type: 'image_url', role: 'reference_image', name: 'b.png', bytes: image2 },
      { type: 'video_url', role: 'reference_video', name: 'v.mp4', bytes: video },
      { type: 'audio_url', role: 'reference_audio', name: 'song.wav', bytes: clickTrack(4) },
    ],
    { resolution: '480p', ratio: '16:9', duration: 4, seed: 5 },
  )
  frames = await decodeFrames(result.videoPath, SW, SH)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Best NCC of 96×54 grey views of a reference against every output frame, and where it peaks. */
const bestMatch = (views: readonly Uint8Array[]) =>
  frames
    .map((f, i) => ({ i, score: Math.max(...views.map((v) => ncc(f, v))) }))
    .reduce((a, b) => (b.score > a.score ? b : a))

describe('reference mode', () => {
  it('renders 96 frames with sound and bills the reference video seconds', async () => {
    const probed = await probe(result.videoPath, { countFrames: true })
    expect(probed.streams.find((s) => s.codecType === 'video')).toMatchObject({
      width: W,
      height: H,
      frames: 96,
    })
    expect(probed.streams.some((s) => s.codecType === 'audio')).toBe(true)
    expect(result.task.usage?.completion_tokens).toBe(
      Math.floor((W * H * 24 * (4 + videoSeconds)) / 1024),
    )
  })

  // Recognisable: the best normalised cross-correlation (NCC), over all output frames, of the
  // 96×54 grey output with the 96×54 grey reference centre-cropped to 16:9, seen in any framing a
  // camera move can give it (coverFramings: zoom 1-1.15, offsets across the slack). An image that
  // is shown scores above 0.9; two unrelated test images score below 0.3.
  it('shows every reference image, in the order the prompt cites them', async () => {
    const a = bestMatch(await coverFramings(image1, W, H, SW, SH))
    const b = bestMatch(await coverFramings(image2, W, H, SW, SH))
    const sourceFrames = await decodeFrames(join(dir, 'v.mp4'), SW, SH, {
      cover: { width: W, height: H },
    })
    const v = bestMatch([sourceFrames[30]!])
    expect(a.score).toBeGreaterThan(0.9)
    expect(b.score).toBeGreaterThan(0.9)
    expect(v.score).toBeGreaterThan(0.9)
    expect(
      ncc(await coverGrey(image1, W, H, SW, SH), await coverGrey(image2, W, H, SW, SH)),
    ).toBeLessThan(0.3)
    expect(b.i).toBeLessThan(v.i)
    expect(v.i).toBeLessThan(a.i)
  })

  it('cuts on the beats of the reference audio', () => {
    // A transition changes the picture most at its middle: the two largest frame-to-frame
    // changes at least half a second apart are the two cuts.
    const changes = frameChanges(frames)
    const order = changes.map((c, i) => ({ c, i })).sort((x, y) => y.c - x.c)
    const cuts: number[] = []
    for (const { i } of order) {
      if (cuts.every((c) => Math.abs(c - i) >= 12)) cuts.push(i)
      if (cuts.length === 2) break
    }
    for (const cut of cuts) {
      const t = cut / 24
      expect(Math.min(...BEATS.map((b) => Math.abs(b - t)))).toBeLessThan(0.07)
    }
  })

  it('uses the reference audio as the soundtrack', async () => {
    const { stdout } = await runProcess(mediaBinaries().ffmpeg, [
      '-v',
      'error',
      '-i',
      result.videoPath,
      '-map',
      '0:a:0',
      '-ac',
      '1',
      '-ar',
      String(SAMPLE_RATE),
      '-f',
      'f32le',
      'pipe:1',
    ])
    const mono = new Float32Array(
      stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length),
    )
    const beats = detectBeats(mono, SAMPLE_RATE)
    expect(beats.tempo).toBeGreaterThan(115)
    expect(beats.tempo).toBeLessThan(125)
    for (const t of BEATS.slice(0, 7)) {
      expect(Math.min(...beats.onsets.map((o) => Math.abs(o - t)))).toBeLessThan(0.03)
    }
  })

  it('gives the same bytes for the same job', async () => {
    await writeFile(join(dir, 'a.png'), image1)
    const inputs: EngineInput[] = [
      {
        kind: 'image',
        role: 'reference_image',
        path: join(dir, 'a.png'),
        info: await inspectImage(join(dir, 'a.png'), 'a'),
      },
      {
        kind: 'video',
        role: 'reference_video',
        path: join(dir, 'v.mp4'),
        info: await inspectVideo(join(dir, 'v.mp4'), 'v'),
      },
    ]
    const job: EngineJob = {
      taskId: 'same',
      mode: 'reference',
      inputs,
      prompt: '@video1 then @image1',
      resolution: '480p',
      ratio: '16:9',
      ...frameSize('480p', '16:9'),
      duration: 4,
      fps: 24,
      seed: 9,
      generateAudio: false,
      watermark: false,
      returnLastFrame: false,
    }
    const engine = createDraftEngine({ preset: 'ultrafast' })
    const hash = async () => {
      const workdir = await mkdtemp(join(dir, 'same-'))
      const ctx = { signal: new AbortController().signal, workdir, onProgress: () => {} }
      const { videoPath } = await engine.generate(job, ctx)
      return createHash('sha256')
        .update(await readFile(videoPath))
        .digest('hex')
    }
    expect(await hash()).toBe(await hash())
  })
})
