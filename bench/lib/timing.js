// The timed runs of the bench: the whole engine, and ffmpeg alone encoding the same frames.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderSoundtrack } from '../../packages/server/dist/engines/draft/audio/soundtrack.js'
import { encodeWav } from '../../packages/server/dist/engines/draft/audio/wav.js'
import { createFrameRenderer } from '../../packages/server/dist/engines/draft/compositor.js'
import { createDraftEngine } from '../../packages/server/dist/engines/draft/draft-engine.js'
import { startEncoder } from '../../packages/server/dist/engines/draft/encoder.js'
import { FRAME_SOURCES } from '../../packages/server/dist/engines/draft/modes/frame-sources.js'
import { parseScene } from '../../packages/server/dist/engines/draft/scene.js'
import { planTimeline } from '../../packages/server/dist/engines/draft/timeline.js'

export const now = () => performance.now()
const idle = () => new Promise((resolve) => setImmediate(resolve))

export const soundtrackRequest = (job, scene, timeline) => ({
  scene,
  timeline,
  seed: job.seed,
  prompt: job.prompt,
  signal: new AbortController().signal,
})

/** Wall time of the whole engine on `job`, as in production. */
export async function engineTime(job, dir) {
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

/** ffmpeg alone encoding `frames` (and `audioPath`) from memory with the engine's arguments. */
async function encodeTime(frames, spec, workdir, signal) {
  const started = now()
  const encoder = startEncoder(
    { ...spec, output: join(workdir, 'video.mp4'), preset: 'veryfast', threads: 2 },
    signal,
  )
  for (const frame of frames) await encoder.write(frame)
  await encoder.finish()
  return now() - started
}

/**
 * A text job's frames and soundtrack made beforehand (render and audio times), then ffmpeg alone
 * encoding them: the encoder's floor.
 */
export async function ffmpegAloneTime(job, dir) {
  const scene = parseScene(job.prompt, job.seed)
  const renderer = createFrameRenderer({ scene, ...job })
  const audioStarted = now()
  const { sound } = await renderSoundtrack(soundtrackRequest(job, scene, renderer.timeline))
  const audioMs = now() - audioStarted
  const workdir = await mkdtemp(join(dir, 'ffmpeg-'))
  const audioPath = join(workdir, 'soundtrack.wav')
  await writeFile(audioPath, encodeWav(sound))
  const frames = []
  const renderStarted = now()
  for (let i = 0; i < renderer.stage.frames; i++) {
    frames.push(renderer.render(i).data())
    if (i % 4 === 3) await idle()
  }
  const renderMs = now() - renderStarted
  const signal = new AbortController().signal
  const ms = await encodeTime(frames, { ...renderer.stage, audioPath }, workdir, signal)
  await rm(workdir, { recursive: true, force: true })
  return { ms, renderMs, audioMs }
}

/** ffmpeg alone on a mode's frames: pulled from its frame source into memory, then encoded. */
export async function modeAloneTime(job, dir) {
  const scene = parseScene(job.prompt, job.seed)
  const timeline = planTimeline(scene, job.duration, job.seed)
  const workdir = await mkdtemp(join(dir, 'mode-'))
  const signal = new AbortController().signal
  const frameCount = job.fps * job.duration
  const renderStarted = now()
  const source = await FRAME_SOURCES[job.mode]({ job, scene, timeline, workdir, signal })
  const frames = []
  for (let i = 0; i < frameCount; i++) {
    frames.push(Buffer.from((await source.render(i)).data()))
    if (i % 4 === 3) await idle()
  }
  await source.close()
  const renderMs = now() - renderStarted
  const ms = await encodeTime(frames, { ...job, frames: frameCount }, workdir, signal)
  await rm(workdir, { recursive: true, force: true })
  return { ms, renderMs }
}

/** Best of `runs` of the engine and of ffmpeg alone, alternated so load shifts hit both. */
export async function bestOf(runs, job, dir, alone) {
  let engine = Infinity
  let best
  for (let r = 0; r < runs; r++) {
    engine = Math.min(engine, await engineTime(job, dir))
    const a = await alone(job, dir)
    best = best
      ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Math.min(best[k], v)]))
      : a
  }
  return { engine, ...best }
}
