// temporary: still strips of reference, edit and extend for docs/draft-engine.md
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { encodeWav } from '../packages/server/dist/engines/draft/audio/wav.js'
import { createDraftEngine } from '../packages/server/dist/engines/draft/draft-engine.js'
import { mediaBinaries } from '../packages/server/dist/media/binaries.js'
import { inspectAudio } from '../packages/server/dist/media/inspect-audio.js'
import { inspectImage } from '../packages/server/dist/media/inspect-image.js'
import { inspectVideo } from '../packages/server/dist/media/inspect-video.js'
import { runProcess } from '../packages/server/dist/media/run-process.js'
import { frameSize } from '../packages/server/dist/tasks/sizes.js'
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
const STYLE = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f2a444"/><stop offset="1" stop-color="#8c2f1c"/></linearGradient>
<pattern id="p" width="12" height="12" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="12" fill="#5a1e0c" opacity="0.3"/></pattern></defs>
<rect width="1200" height="800" fill="url(#g)"/><rect width="1200" height="800" fill="url(#p)"/>
<circle cx="600" cy="400" r="170" fill="#2d1408"/><circle cx="600" cy="400" r="105" fill="#ffd56a"/><circle cx="600" cy="400" r="45" fill="#fff4c8"/></svg>`
const NIGHT = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#0d1b3d"/><circle cx="950" cy="160" r="70" fill="#f4f0d8"/>${Array.from({ length: 12 }, (_, i) => `<rect x="${i * 100}" y="${380 + (i * 73) % 200}" width="90" height="800" fill="#1c2a55"/>${Array.from({ length: 8 }, (_, j) => `<rect x="${i * 100 + 15 + (j % 3) * 22}" y="${420 + (i * 73) % 200 + Math.floor(j / 3) * 40}" width="12" height="18" fill="#ffcf5a"/>`).join('')}`).join('')}</svg>`
const dir = await mkdtemp(join(tmpdir(), 'docs-modes-'))
const image = async (name, bytes) => { const path = join(dir, name); await writeFile(path, bytes); return { kind: 'image', role: 'reference_image', path, info: await inspectImage(path, name) } }
const pan = async (name, left, seconds, speed = 40) => {
  const still = join(dir, `${name}.png`); await writeFile(still, await benchPicture(left, 50, 700, 420)); const path = join(dir, name)
  await runProcess(mediaBinaries().ffmpeg, ['-v', 'error', '-y', '-loop', '1', '-framerate', '24', '-i', still, '-vf', `crop=1280:720:x='t*${speed}':y=100`, '-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', path])
  return { kind: 'video', role: 'reference_video', path, info: await inspectVideo(path, name) }
}
const song = join(dir, 'song.wav'); const left = new Float32Array(5 * 48000)
for (let t = 0.25; t < 5; t += 0.5) for (let i = 0; i < 2400; i++) left[Math.round(t * 48000) + i] = Math.sin(i / 3) * Math.exp(-i / 400)
await writeFile(song, encodeWav({ left, right: left }))
const audio = { kind: 'audio', role: 'reference_audio', path: song, info: await inspectAudio(song, 'song') }
const a = await image('a.png', await sharp(Buffer.from(NIGHT)).png().toBuffer())
const style = await image('style.png', await sharp(Buffer.from(STYLE)).png().toBuffer())
const long = await pan('long.mp4', 0, 5)
const base = { taskId: 'docs', resolution: '720p', ratio: '16:9', ...frameSize('720p', '16:9'), duration: 5, fps: 24, seed: 1, generateAudio: true, watermark: false, returnLastFrame: false }
const jobs = [
  { name: 'reference-strip.jpg', frames: [14, 45, 75, 110], job: { ...base, mode: 'reference', inputs: [a, style, long, audio], prompt: '@image2, then @video1, then @image1' } },
  { name: 'edit-strip.jpg', frames: ['style', 'source', 0, 119], job: { ...base, mode: 'edit', inputs: [style, long], prompt: 'make it look like @image1 and add the lantern on the left' } },
  { name: 'extend-strip.jpg', frames: [0, 50, 90, 119], job: { ...base, mode: 'extend', inputs: [await pan('one.mp4', 100, 2, 60), await pan('two.mp4', 150, 2, 80)], prompt: 'the camera keeps moving' } },
]
const frameOf = async (video, i, out) => { await runProcess(mediaBinaries().ffmpeg, ['-v', 'error', '-y', '-i', video, '-vf', `select=eq(n\\,${i})`, '-frames:v', '1', out]); return out }
for (const { name, frames, job } of jobs) {
  const workdir = await mkdtemp(join(dir, 'w-'))
  await createDraftEngine({ preset: 'veryfast' }).generate(job, { signal: new AbortController().signal, workdir, onProgress: () => {} })
  const video = join(workdir, 'video.mp4')
  const stills = []
  for (const f of frames) {
    const path = f === 'style' ? job.inputs[0].path : f === 'source' ? await frameOf(job.inputs[1].path, 0, join(workdir, 's.png')) : await frameOf(video, f, join(workdir, `f${f}.png`))
    stills.push(await sharp(path).resize(160, 90, { fit: 'cover' }).toBuffer())
  }
  await sharp({ create: { width: 640, height: 90, channels: 3, background: '#000' } })
    .composite(stills.map((s, k) => ({ input: s, left: 160 * k, top: 0 })))
    .jpeg({ quality: 85 })
    .toFile(join('docs/images', name))
  console.log(name, 'done')
}
