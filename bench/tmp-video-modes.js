// temporary: times reference/edit/extend only (same method as render.js)
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { encodeWav } from '../packages/server/dist/engines/draft/audio/wav.js'
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
const DURATION = 5, FPS = 24, SEED = 7
const now = () => performance.now()
const idle = () => new Promise((r) => setImmediate(r))
const MODES = (process.env.MODES ?? 'reference,edit,extend').split(',')
function benchPicture(left, top, bx, by) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1800" height="1100"><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3d6fb6"/><stop offset="1" stop-color="#f2c38f"/></linearGradient></defs><rect width="1800" height="1100" fill="url(#sky)"/>${Array.from({length: 40}, (_, i) => `<circle cx="${(i * 397) % 1800}" cy="${(i * 263) % 1100}" r="${20 + (i % 7) * 15}" fill="hsl(${i * 37 % 360},60%,50%)"/>`).join('')}<ellipse cx="${bx}" cy="${by}" rx="55" ry="66" fill="#d8342c"/></svg>`
  return sharp(Buffer.from(svg)).extract({ left, top, width: 1600, height: 1000 }).png().toBuffer()
}
async function jobs(dir) {
  const image = async (name, left, top, bx, by) => { const path = join(dir, name); await writeFile(path, await benchPicture(left, top, bx, by)); return { kind: 'image', role: 'reference_image', path, info: await inspectImage(path, name) } }
  const pan = async (name, left, seconds) => { const still = join(dir, `${name}.png`); await writeFile(still, await benchPicture(left, 50, 700, 420)); const path = join(dir, name); await runProcess(mediaBinaries().ffmpeg, ['-v','error','-y','-loop','1','-framerate','24','-i',still,'-vf',`crop=1280:720:x='t*40':y=100`,'-t',String(seconds),'-c:v','libx264','-preset','veryfast','-pix_fmt','yuv420p',path]); return { kind: 'video', role: 'reference_video', path, info: await inspectVideo(path, name) } }
  const song = join(dir, 'song.wav'); const left = new Float32Array(DURATION * 48000)
  for (let t = 0.25; t < DURATION; t += 0.5) for (let i = 0; i < 2400; i++) left[Math.round(t * 48000) + i] = Math.sin(i / 3) * Math.exp(-i / 400)
  await writeFile(song, encodeWav({ left, right: left }))
  const audio = { kind: 'audio', role: 'reference_audio', path: song, info: await inspectAudio(song, 'song') }
  const a = await image('a.png', 0, 0, 600, 380), b = await image('b.png', 200, 80, 1100, 300)
  const long = await pan('long.mp4', 0, DURATION); const one = await pan('one.mp4', 100, 2.5), two = await pan('two.mp4', 150, 2.5)
  const base = { taskId: 'bench', resolution: '720p', ratio: '16:9', ...frameSize('720p', '16:9'), duration: DURATION, fps: FPS, seed: SEED, generateAudio: false, watermark: false, returnLastFrame: false }
  return [
    { ...base, mode: 'reference', inputs: [a, b, long, audio], prompt: '@image1, @video1, @image2' },
    { ...base, mode: 'edit', inputs: [a, long], prompt: 'make it look like @image1, add it on the right' },
    { ...base, mode: 'extend', inputs: [one, two], prompt: 'the camera keeps moving' },
  ].filter((j) => MODES.includes(j.mode))
}
async function engineTime(job, dir) { const workdir = await mkdtemp(join(dir, 'e-')); const t = now(); await createDraftEngine().generate(job, { signal: new AbortController().signal, workdir, onProgress() {} }); return now() - t }
async function alone(job, dir) {
  const scene = parseScene(job.prompt, job.seed); const timeline = planTimeline(scene, job.duration, job.seed)
  const workdir = await mkdtemp(join(dir, 'm-')); const signal = new AbortController().signal; const n = job.fps * job.duration
  const t0 = now(); const source = await FRAME_SOURCES[job.mode]({ job, scene, timeline, workdir, signal }); const frames = []
  for (let i = 0; i < n; i++) { frames.push(Buffer.from((await source.render(i)).data())); if (i % 4 === 3) await idle() }
  await source.close(); const renderMs = now() - t0
  const t = now(); const enc = startEncoder({ ...job, frames: n, output: join(workdir, 'v.mp4'), preset: 'veryfast', threads: 2 }, signal)
  for (const f of frames) await enc.write(f); await enc.finish(); return { ms: now() - t, renderMs }
}
const dir = await mkdtemp(join(tmpdir(), 'kinora-vbench-'))
for (const job of await jobs(dir)) {
  let e = Infinity, a = { ms: Infinity, renderMs: Infinity }
  for (let r = 0; r < Number(process.env.RUNS ?? 2); r++) { e = Math.min(e, await engineTime(job, dir)); const x = await alone(job, dir); a = { ms: Math.min(a.ms, x.ms), renderMs: Math.min(a.renderMs, x.renderMs) } }
  console.log(job.mode, 'engine', (e / 1000).toFixed(2), 'alone', (a.ms / 1000).toFixed(2), 'ratio', (e / a.ms).toFixed(2), 'render', (a.renderMs / 120).toFixed(1), 'ms/frame')
}
await rm(dir, { recursive: true, force: true })
