// Draft engine benchmark (run with `npm run bench`, which builds first).
//
// For 5 s clips at 480p, 720p and 1080p (16:9) it measures:
//   engine  – the whole draft engine as in production: scene, bake, audio, render and x264
//             `veryfast` encode in one ffmpeg, audio on;
//   ffmpeg  – ffmpeg alone encoding the very same frames and soundtrack from memory with the same
//             arguments (frames rendered beforehand, so this is the encoder's floor);
//   ratio   – engine / ffmpeg. Rendering overlaps encoding, so near 1 means ffmpeg is the
//             bottleneck. Goal: ratio <= 1.5 and 720p under real time (5 s) on 2 cores.
//   audio   – the soundtrack alone (effects, MIDI music through the SoundFont, mix, mastering),
//             per second of output and against the video's render + encode time (goal < 10 %).
// Each figure is the best of BENCH_RUNS runs (default 2); BENCH_PROMPT changes the prompt.
//
// Then the soundtrack alone for a prompt with a spoken line (eSpeak NG in a child process, wall
// time), and the one-off cost of loading the General MIDI SoundFont, paid once per process.
//
// Then each input mode at 720p 5 s (audio off, so the figures are the mode's own pictures), after
// text-to-video as a baseline measured in the same conditions: the engine against ffmpeg alone
// encoding the same frames, pulled from the mode's frame source into memory beforehand. Inputs are pictures made here with sharp: a still for first frame, two views
// of one scene with a subject that moves on its own for first and last frame; for reference, edit
// and extend, 720p H.264 pans over that scene made by ffmpeg and a click track. Goal: ratio <= 2.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { soundBank } from '../packages/server/dist/engines/draft/audio/soundfont.js'
import { renderSoundtrack } from '../packages/server/dist/engines/draft/audio/soundtrack.js'
import { encodeWav } from '../packages/server/dist/engines/draft/audio/wav.js'
import { createFrameRenderer } from '../packages/server/dist/engines/draft/compositor.js'
import { createDraftEngine } from '../packages/server/dist/engines/draft/draft-engine.js'
import { startEncoder } from '../packages/server/dist/engines/draft/encoder.js'
import { FRAME_SOURCES } from '../packages/server/dist/engines/draft/modes/frame-sources.js'
import { parseScene } from '../packages/server/dist/engines/draft/scene.js'
import { planTimeline } from '../packages/server/dist/engines/draft/timeline.js'
import { mediaBinaries } from '../packages/server/dist/media/binaries.js'
import { inspectAudio } from '../packages/server/dist/media/inspect-audio.js'
import { inspectImage } from '../packages/server/dist/media/inspect-image.js'
import { inspectVideo } from '../packages/server/dist/media/inspect-video.js'
import { runProcess } from '../packages/server/dist/media/run-process.js'
import { frameSize } from '../packages/server/dist/tasks/sizes.js'

const PROMPT =
  process.env.BENCH_PROMPT ?? 'a lighthouse on a cliff at sunset, waves crashing, seagulls circling'
const RUNS = Number(process.env.BENCH_RUNS ?? 2)
const DIALOGUE_PROMPT =
  'a woman on a beach at sunset says "I have waited all summer for this." An old man answers "So have I."'
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
  const { sound } = await renderSoundtrack(soundtrackRequest(job, scene, renderer.timeline))
  const audioMs = now() - audioStarted
  const wav = encodeWav(sound)
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

const soundtrackRequest = (job, scene, timeline) => ({
  scene,
  timeline,
  seed: job.seed,
  prompt: job.prompt,
  signal: new AbortController().signal,
})

/** ffmpeg alone on a mode's frames: pulled from its frame source into memory, then encoded. */
async function modeAloneTime(job, dir) {
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
  const started = now()
  const encoder = startEncoder(
    {
      ...job,
      frames: frameCount,
      output: join(workdir, 'video.mp4'),
      preset: 'veryfast',
      threads: 2,
    },
    signal,
  )
  for (const frame of frames) await encoder.write(frame)
  await encoder.finish()
  const ms = now() - started
  await rm(workdir, { recursive: true, force: true })
  return { ms, renderMs }
}

/**
 * A 1600×1000 window (at `left`, `top`) of a landscape drawn with sharp: sky, sun, three ridges,
 * a lake, pines, a red balloon at (bx, by) that can move on its own between two views, and a
 * fine grain over all, as a photo has (without it x264 finds the flat shapes unusually cheap).
 */
function benchPicture(left, top, bx, by) {
  const ridge = (y, amp, colour, phase) => {
    const points = Array.from({ length: 19 }, (_, i) => {
      const x = i * 100
      return `${x},${(y - amp * Math.abs(Math.sin(i * 0.9 + phase)) - (i % 3) * 12).toFixed(0)}`
    })
    return `<polygon points="0,1100 ${points.join(' ')} 1800,1100" fill="${colour}"/>`
  }
  const pines = Array.from({ length: 14 }, (_, i) => {
    const x = 60 + i * 127 + (i % 4) * 23
    const h = 120 + (i % 5) * 30
    return `<polygon points="${x},${900 - h} ${x - 40},900 ${x + 40},900" fill="#1f4d2b"/>`
  })
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1800" height="1100">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3d6fb6"/><stop offset="1" stop-color="#f2c38f"/></linearGradient></defs>
<rect width="1800" height="1100" fill="url(#sky)"/>
<circle cx="1320" cy="300" r="70" fill="#fff1c4"/>
${ridge(560, 220, '#7d8fb0', 0.3)}${ridge(680, 160, '#52698c', 1.7)}${ridge(800, 110, '#35553f', 2.9)}
<rect y="860" width="1800" height="240" fill="#4f7fa6"/>
<rect y="860" width="1800" height="10" fill="#9ec3dc"/>
${pines.join('\n')}
<ellipse cx="${bx}" cy="${by}" rx="55" ry="66" fill="#d8342c" stroke="#5a1410" stroke-width="5"/>
<rect x="${bx - 14}" y="${by + 78}" width="28" height="22" fill="#6b4a2b"/>
<filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.7" numOctaves="2" seed="3"/><feColorMatrix type="saturate" values="0"/></filter>
<rect width="1800" height="1100" filter="url(#grain)" opacity="0.16"/></svg>`
  return sharp(Buffer.from(svg)).extract({ left, top, width: 1600, height: 1000 }).png().toBuffer()
}

/** The input-mode jobs of the bench, their pictures written to `dir` and inspected. */
async function modeJobs(dir) {
  const input = async (name, bytes, role) => {
    const path = join(dir, name)
    await writeFile(path, bytes)
    return { kind: 'image', role, path, info: await inspectImage(path, name) }
  }
  const still = await input('still.png', await benchPicture(100, 50, 700, 420), 'first_frame')
  const first = await input('first.png', await benchPicture(100, 50, 700, 420), 'first_frame')
  const last = await input('last.png', await benchPicture(160, 70, 860, 360), 'last_frame')
  const { width, height } = frameSize('720p', '16:9')
  const base = {
    taskId: 'bench',
    resolution: '720p',
    ratio: '16:9',
    width,
    height,
    duration: DURATION,
    fps: FPS,
    seed: SEED,
    generateAudio: false,
    watermark: false,
    returnLastFrame: false,
  }
  return [
    { ...base, mode: 'text', inputs: [], prompt: PROMPT },
    { ...base, mode: 'first_frame', inputs: [still], prompt: 'slow push in, rain and mist' },
    { ...base, mode: 'first_last_frame', inputs: [first, last], prompt: '' },
    ...(await videoModeJobs(dir, base)),
  ]
}

/**
 * The reference, edit and extend jobs: 720p H.264 pans over the bench picture made by ffmpeg, two
 * more views of it as images, and a 120 BPM click track as the reference song.
 */
async function videoModeJobs(dir, base) {
  const image = async (name, left, top, bx, by) => {
    const path = join(dir, name)
    await writeFile(path, await benchPicture(left, top, bx, by))
    return { kind: 'image', role: 'reference_image', path, info: await inspectImage(path, name) }
  }
  const pan = async (name, left, seconds) => {
    const still = join(dir, `${name}.png`)
    await writeFile(still, await benchPicture(left, 50, 700, 420))
    const path = join(dir, name)
    const crop = `crop=1280:720:x='t*40':y=100`
    await runProcess(mediaBinaries().ffmpeg, [
      ...['-v', 'error', '-y', '-loop', '1', '-framerate', '24', '-i', still, '-vf', crop],
      ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
      path,
    ])
    return { kind: 'video', role: 'reference_video', path, info: await inspectVideo(path, name) }
  }
  const song = join(dir, 'song.wav')
  const left = new Float32Array(DURATION * 48_000)
  for (let t = 0.25; t < DURATION; t += 0.5) {
    for (let i = 0; i < 2400; i++)
      left[Math.round(t * 48_000) + i] = Math.sin(i / 3) * Math.exp(-i / 400)
  }
  await writeFile(song, encodeWav({ left, right: left }))
  const audio = {
    kind: 'audio',
    role: 'reference_audio',
    path: song,
    info: await inspectAudio(song, 'song'),
  }
  const a = await image('a.png', 0, 0, 600, 380)
  const b = await image('b.png', 200, 80, 1100, 300)
  const long = await pan('long.mp4', 0, DURATION)
  const [one, two] = [await pan('one.mp4', 100, 2.5), await pan('two.mp4', 150, 2.5)]
  return [
    {
      ...base,
      mode: 'reference',
      inputs: [a, b, long, audio],
      prompt: '@image1, @video1, @image2',
    },
    {
      ...base,
      mode: 'edit',
      inputs: [a, long],
      prompt: 'make it look like @image1, add it on the right',
    },
    { ...base, mode: 'extend', inputs: [one, two], prompt: 'the camera keeps moving' },
  ]
}

const soundFontStarted = now()
soundBank()
const soundFontMs = now() - soundFontStarted
// The first soundtrack of a process decodes the SoundFont samples its instruments use and
// compiles the synthesis code; a server pays that once, so the rows measure the steady state.
const firstScene = parseScene(PROMPT, SEED)
const firstStarted = now()
await renderSoundtrack(
  soundtrackRequest(
    { prompt: PROMPT, seed: SEED },
    firstScene,
    planTimeline(firstScene, DURATION, SEED),
  ),
)
const firstSoundtrackMs = now() - firstStarted
const dir = await mkdtemp(join(tmpdir(), 'kinora-bench-'))
const rows = []
let dialogueMs = Infinity
const modeRows = []
try {
  for (const resolution of ['480p', '720p', '1080p']) {
    const { width, height } = frameSize(resolution, '16:9')
    const job = {
      taskId: 'bench',
      mode: 'text',
      inputs: [],
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
  const dialogue = { prompt: DIALOGUE_PROMPT, duration: DURATION, seed: SEED }
  const dialogueScene = parseScene(DIALOGUE_PROMPT, SEED)
  const dialogueTimeline = planTimeline(dialogueScene, DURATION, SEED)
  for (let r = 0; r < RUNS; r++) {
    const started = now()
    await renderSoundtrack(soundtrackRequest(dialogue, dialogueScene, dialogueTimeline))
    dialogueMs = Math.min(dialogueMs, now() - started)
  }
  for (const job of await modeJobs(dir)) {
    let engine = Infinity
    let alone = { ms: Infinity, renderMs: Infinity }
    for (let r = 0; r < RUNS; r++) {
      engine = Math.min(engine, await engineTime(job, dir))
      const a = await modeAloneTime(job, dir)
      alone = { ms: Math.min(alone.ms, a.ms), renderMs: Math.min(alone.renderMs, a.renderMs) }
    }
    modeRows.push({ mode: job.mode, prompt: job.prompt, engine, ...alone })
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
  '| size | engine total | ffmpeg alone | ratio | render only (per frame) | audio synth (per s of output) | audio / (render + encode) |',
)
console.log('|---|---|---|---|---|---|---|')
for (const r of rows) {
  const perFrame = (r.renderMs / (DURATION * FPS)).toFixed(1)
  const audioShare = (100 * r.audioMs) / (r.renderMs + r.ms)
  console.log(
    `| ${r.resolution} ${r.size} | ${s(r.engine)} | ${s(r.ms)} | ${(r.engine / r.ms).toFixed(2)} | ${s(r.renderMs)} (${perFrame} ms) | ${r.audioMs.toFixed(0)} ms (${(r.audioMs / DURATION).toFixed(0)} ms) | ${audioShare.toFixed(1)} % |`,
  )
}
console.log(
  `\nsoundtrack with two spoken lines (eSpeak NG in a child process, wall time): ${dialogueMs.toFixed(0)} ms (${(dialogueMs / DURATION).toFixed(0)} ms per s of output)`,
)
console.log(`prompt: ${DIALOGUE_PROMPT}`)
console.log(
  `once per process: General MIDI SoundFont (FluidR3 Mono) parsed in ${soundFontMs.toFixed(0)} ms, first soundtrack ${firstSoundtrackMs.toFixed(0)} ms`,
)
console.log('\ninput modes, 720p 1280x720, 5 s, x264 veryfast, audio off\n')
console.log('| mode (prompt) | engine total | ffmpeg alone | ratio | render only (per frame) |')
console.log('|---|---|---|---|---|')
for (const r of modeRows) {
  const perFrame = (r.renderMs / (DURATION * FPS)).toFixed(1)
  console.log(
    `| ${r.mode} (${JSON.stringify(r.prompt)}) | ${s(r.engine)} | ${s(r.ms)} | ${(r.engine / r.ms).toFixed(2)} | ${s(r.renderMs)} (${perFrame} ms) |`,
  )
}
