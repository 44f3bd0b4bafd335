// The input-mode jobs of the bench and the pictures, videos and song they read, made here with
// sharp and ffmpeg so the bench needs no files of its own.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { encodeWav } from '../../packages/server/dist/engines/draft/audio/wav.js'
import { mediaBinaries } from '../../packages/server/dist/media/binaries.js'
import { inspectAudio } from '../../packages/server/dist/media/inspect-audio.js'
import { inspectImage } from '../../packages/server/dist/media/inspect-image.js'
import { inspectVideo } from '../../packages/server/dist/media/inspect-video.js'
import { runProcess } from '../../packages/server/dist/media/run-process.js'
import { frameSize } from '../../packages/server/dist/tasks/sizes.js'

/**
 * A 1600×1000 window (at `left`, `top`) of a landscape drawn with sharp: sky, sun, three ridges,
 * a lake, pines, a red balloon at (bx, by) that can move on its own between two views, and a
 * fine grain over all, as a photo has (without it x264 finds the flat shapes unusually cheap).
 */
export function benchPicture(left, top, bx, by) {
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

/**
 * The input-mode jobs at 720p, `duration` s (audio off), their inputs written to `dir` and
 * inspected: text as the baseline, then first frame, first and last frame, reference, edit and
 * extend.
 */
export async function modeJobs(dir, { prompt, duration, fps, seed }) {
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
    duration,
    fps,
    seed,
    generateAudio: false,
    watermark: false,
    returnLastFrame: false,
  }
  return [
    { ...base, mode: 'text', inputs: [], prompt },
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
  const { duration } = base
  const song = join(dir, 'song.wav')
  const left = new Float32Array(duration * 48_000)
  for (let t = 0.25; t < duration; t += 0.5) {
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
  const long = await pan('long.mp4', 0, duration)
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
