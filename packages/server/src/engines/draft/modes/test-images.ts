import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Mode } from '../../../tasks/modes.js'
import { frameSize } from '../../../tasks/sizes.js'
import type { EngineInput, EngineJob } from '../../engine.js'
import { createRng } from '../prng.js'
import { parseScene } from '../scene.js'
import { planTimeline } from '../timeline.js'
import type { FrameSourceContext } from './frame-source.js'

/**
 * An SVG picture with structure for the input-mode tests: a diagonal gradient, soft hills, a
 * row of bars and a scatter of discs and boxes laid out by `seed`. Edges at every scale give the
 * optical flow something to lock onto; different seeds give unrelated pictures.
 */
export function structuredSvg(width: number, height: number, seed: number, extra = ''): string {
  const rng = createRng(seed, 'test-image')
  const hue = () => Math.floor(rng.range(0, 360))
  const colour = () =>
    `hsl(${hue()},${Math.floor(rng.range(45, 85))}%,${Math.floor(rng.range(30, 70))}%)`
  const shapes: string[] = []
  for (let i = 0; i < 26; i++) {
    const x = rng.range(0, width)
    const y = rng.range(0, height)
    const s = rng.range(0.02, 0.09) * width
    shapes.push(
      rng.chance(0.5)
        ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${s.toFixed(1)}" fill="${colour()}"/>`
        : `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(s * 1.6).toFixed(1)}" height="${s.toFixed(1)}" fill="${colour()}" transform="rotate(${Math.floor(rng.range(-30, 30))} ${x.toFixed(1)} ${y.toFixed(1)})"/>`,
    )
  }
  const bars = Array.from({ length: 14 }, (_, i) => {
    const x = ((i + rng.range(0.1, 0.9)) / 14) * width
    return `<rect x="${x.toFixed(1)}" y="${(height * 0.78).toFixed(1)}" width="${(width * 0.012).toFixed(1)}" height="${(height * rng.range(0.08, 0.2)).toFixed(1)}" fill="${colour()}"/>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colour()}"/><stop offset="1" stop-color="${colour()}"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#g)"/>
<path d="M0 ${height * 0.7} Q ${width * 0.3} ${height * 0.45} ${width * 0.6} ${height * 0.66} T ${width} ${height * 0.6} V ${height} H 0 Z" fill="${colour()}"/>
${bars.join('\n')}
${shapes.join('\n')}
${extra}
</svg>`
}

/** `structuredSvg` rendered to an image file's bytes. */
export function structuredImage(
  width: number,
  height: number,
  seed: number,
  format: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  const image = sharp(Buffer.from(structuredSvg(width, height, seed))).flatten()
  return (format === 'png' ? image.png() : image.jpeg({ quality: 92 })).toBuffer()
}

/**
 * Two views of one picture as a camera would take them a moment apart: windows of `width` ×
 * `height` cut from a larger render (wider by `pad` on each side, by default just enough), the
 * second moved by (dx, dy) pixels. With `ball`, a white disc of radius `r` also moves on its own,
 * from (x, y) to (x2, y2) in window coordinates.
 */
export async function shiftedPair(
  width: number,
  height: number,
  dx: number,
  dy: number,
  seed: number,
  opts: { ball?: { x: number; y: number; x2: number; y2: number; r: number }; pad?: number } = {},
): Promise<[Buffer, Buffer]> {
  const { ball } = opts
  const pad = opts.pad ?? Math.max(Math.abs(dx), Math.abs(dy))
  const disc = (x: number, y: number) =>
    ball
      ? `<circle cx="${x}" cy="${y}" r="${ball.r}" fill="#f4f4f0" stroke="#222" stroke-width="6"/>`
      : ''
  const render = (extra: string) =>
    sharp(Buffer.from(structuredSvg(width + 2 * pad, height + 2 * pad, seed, extra)))
      .flatten()
      .png()
      .toBuffer()
  const [first, second] = await Promise.all([
    render(disc(pad + (ball?.x ?? 0), pad + (ball?.y ?? 0))),
    render(disc(pad + dx + (ball?.x2 ?? 0), pad + dy + (ball?.y2 ?? 0))),
  ])
  return Promise.all([
    sharp(first).extract({ left: pad, top: pad, width, height }).png().toBuffer(),
    sharp(second)
      .extract({ left: pad + dx, top: pad + dy, width, height })
      .png()
      .toBuffer(),
  ])
}

/** Peak signal-to-noise ratio in dB of two RGB (or RGBA, `channels` 4) buffers over RGB. */
export function psnr(a: Uint8Array, b: Uint8Array, channels: 3 | 4 = 3): number {
  let sum = 0
  let n = 0
  for (let i = 0; i < a.length; i += channels) {
    for (let c = 0; c < 3; c++) {
      const d = a[i + c]! - b[i + c]!
      sum += d * d
      n++
    }
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * n) / sum)
}

/** The picture as a test would expect the engine to frame it: centre-cropped, resized, RGBA. */
export function coverRgba(image: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(image)
    .resize(width, height, { fit: 'cover', position: 'centre' })
    .flatten()
    .ensureAlpha()
    .raw()
    .toBuffer()
}

/**
 * A frame-source context for a 480p 16:9 job of `mode` over `images` (PNG bytes, written to a
 * fresh folder as the worker would), so a test can pull frames without the engine or encoder.
 */
export async function imageJobContext(
  mode: Mode,
  images: Buffer[],
  prompt = '',
  over: Partial<EngineJob> = {},
): Promise<FrameSourceContext> {
  const workdir = await mkdtemp(join(tmpdir(), 'kinora-mode-'))
  const inputs: EngineInput[] = []
  for (const [i, bytes] of images.entries()) {
    const path = join(workdir, `input-${i}`)
    await writeFile(path, bytes)
    const { width = 0, height = 0 } = await sharp(bytes).metadata()
    inputs.push({
      kind: 'image',
      role: i === 0 ? 'first_frame' : 'last_frame',
      path,
      info: { kind: 'image', format: 'png', width, height, bytes: bytes.length },
    })
  }
  const job: EngineJob = {
    taskId: 'cgt-test',
    mode,
    inputs,
    prompt,
    resolution: '480p',
    ratio: '16:9',
    ...frameSize('480p', '16:9'),
    duration: 4,
    fps: 24,
    seed: 7,
    generateAudio: false,
    watermark: false,
    returnLastFrame: false,
    ...over,
  }
  const scene = parseScene(prompt, job.seed)
  const timeline = planTimeline(scene, job.duration, job.seed)
  return { job, scene, timeline, workdir, signal: new AbortController().signal }
}
