// Draft engine benchmark (run with `npm run bench`, which builds first).
//
// For 5 s clips at 480p, 720p and 1080p (16:9) it measures:
//   engine  – the whole draft engine as in production: scene, bake, audio, render and x264
//             `veryfast` encode in one ffmpeg, audio on;
//   ffmpeg  – ffmpeg alone encoding the very same frames and soundtrack from memory with the same
//             arguments (frames rendered beforehand, so this is the encoder's floor);
//   ratio   – engine / ffmpeg. Rendering overlaps encoding, so near 1 means ffmpeg is the
//             bottleneck. Goal: ratio <= 1.5 and 720p under real time (5 s) on 2 cores.
// Each figure is the best of BENCH_RUNS runs (default 2); BENCH_PROMPT changes the prompt.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderSoundtrack } from '../packages/server/dist/engines/draft/audio/soundtrack.js'
import { encodeWav } from '../packages/server/dist/engines/draft/audio/wav.js'
import { createFrameRenderer } from '../packages/server/dist/engines/draft/compositor.js'
import { createDraftEngine } from '../packages/server/dist/engines/draft/draft-engine.js'
import { startEncoder } from '../packages/server/dist/engines/draft/encoder.js'
import { parseScene } from '../packages/server/dist/engines/draft/scene.js'
import { frameSize } from '../packages/server/dist/tasks/sizes.js'

const PROMPT =
  process.env.BENCH_PROMPT ?? 'a lighthouse on a cliff at sunset, waves crashing, seagulls circling'
const RUNS = Number(process.env.BENCH_RUNS ?? 2)
const DURATION = 5
const FPS = 24
const SEED = 7

const now = () => performance.now()
const idle = () => new Promise((resolve) => setImmediate(resolve))

async function engineTime(job, dir) {
  const engine = createDraftEngine()
  const workdir = await mkdtemp(join(dir, 'engine-'))
  const started = now()
  await engine.generate(job, {
    signal: new AbortController().signal,
    workdir,
    onProgress: () => {},
  })
  const ms = now() - started
  await rm(workdir, { recursive: true, force: true })
  return ms
}

async function ffmpegAloneTime(job, dir) {
  const scene = parseScene(job.prompt, job.seed)
  const renderer = createFrameRenderer({ scene, ...job })
  const audioStarted = now()
  const wav = encodeWav(renderSoundtrack(scene, renderer.timeline, job.seed))
  const audioMs = now() - audioStarted
  const workdir = await mkdtemp(join(dir, 'ffmpeg-'))
  const audioPath = join(workdir, 'soundtrack.wav')
  await writeFile(audioPath, wav)
  const frames = []
  const renderStarted = now()
  for (let i = 0; i < renderer.stage.frames; i++) {
    frames.push(renderer.render(i).data())
    if (i % 4 === 3) await idle()
  }
  const renderMs = now() - renderStarted
  const started = now()
  const encoder = startEncoder(
    {
      ...renderer.stage,
      output: join(workdir, 'video.mp4'),
      audioPath,
      preset: 'veryfast',
      threads: 2,
    },
    new AbortController().signal,
  )
  for (const frame of frames) await encoder.write(frame)
  await encoder.finish()
  const ms = now() - started
  await rm(workdir, { recursive: true, force: true })
  return { ms, renderMs, audioMs }
}

const dir = await mkdtemp(join(tmpdir(), 'kinora-bench-'))
const rows = []
try {
  for (const resolution of ['480p', '720p', '1080p']) {
    const { width, height } = frameSize(resolution, '16:9')
    const job = {
      taskId: 'bench',
      prompt: PROMPT,
      resolution,
      ratio: '16:9',
      width,
      height,
      duration: DURATION,
      fps: FPS,
      seed: SEED,
      generateAudio: true,
      watermark: false,
      returnLastFrame: false,
    }
    let engine = Infinity
    let alone = { ms: Infinity, renderMs: Infinity, audioMs: Infinity }
    for (let r = 0; r < RUNS; r++) {
      engine = Math.min(engine, await engineTime(job, dir))
      const a = await ffmpegAloneTime(job, dir)
      alone = {
        ms: Math.min(alone.ms, a.ms),
        renderMs: Math.min(alone.renderMs, a.renderMs),
        audioMs: Math.min(alone.audioMs, a.audioMs),
      }
    }
    rows.push({ resolution, size: `${width}x${height}`, engine, ...alone })
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`
console.log(
  `draft engine, ${DURATION} s at ${FPS} fps, x264 veryfast, audio on, ${availableParallelism()} CPUs`,
)
console.log(`prompt: ${PROMPT}\n`)
console.log(
  '| size | engine total | ffmpeg alone | ratio | render only (per frame) | audio synth |',
)
console.log('|---|---|---|---|---|---|')
for (const r of rows) {
  const perFrame = (r.renderMs / (DURATION * FPS)).toFixed(1)
  console.log(
    `| ${r.resolution} ${r.size} | ${s(r.engine)} | ${s(r.ms)} | ${(r.engine / r.ms).toFixed(2)} | ${s(r.renderMs)} (${perFrame} ms) | ${r.audioMs.toFixed(0)} ms |`,
  )
}
