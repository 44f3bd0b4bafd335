import { writeFile } from 'node:fs/promises'
import sharp from 'sharp'
import { mediaBinaries } from '../../../media/binaries.js'
import { runProcess } from '../../../media/run-process.js'
import { structuredImage } from './test-images.js'
import { coverFilter } from './video-frames.js'

/**
 * Measurements for the input-mode tests: frames decoded small by ffmpeg, and similarity scores
 * that say whether a picture made it into a video without anyone looking at it.
 */

/**
 * A test video of a camera panning right over a still `structuredImage(…, seed)` (its content
 * moves left by `speed` source pixels a second), 640×480 at 24 fps, with a sine track.
 */
export async function makePan(
  path: string,
  seconds: number,
  speed: number,
  seed = 21,
): Promise<void> {
  const still = `${path}.png`
  await writeFile(still, await structuredImage(640 + Math.ceil(speed * seconds), 480, seed))
  await runProcess(mediaBinaries().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-framerate',
    '24',
    '-i',
    still,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=330:duration=${seconds}`,
    '-vf',
    `crop=640:480:x='t*${speed}':y=0`,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-movflags',
    '+faststart',
    path,
  ])
}

/** Every frame of a video as 8-bit grey (or RGB) at `w`×`h`, optionally re-framed first. */
export async function decodeFrames(
  path: string,
  w: number,
  h: number,
  opts: {
    rgb?: boolean
    cover?: { width: number; height: number }
    fps?: number
    maxFrames?: number
  } = {},
): Promise<Uint8Array[]> {
  const filters = [
    ...(opts.fps ? [`fps=${opts.fps}`] : []),
    ...(opts.cover ? [coverFilter(opts.cover.width, opts.cover.height)] : []),
    `scale=${w}:${h}:flags=area`,
  ]
  const channels = opts.rgb ? 3 : 1
  const { stdout } = await runProcess(mediaBinaries().ffmpeg, [
    '-v',
    'error',
    '-i',
    path,
    '-map',
    '0:v:0',
    '-vf',
    filters.join(','),
    ...(opts.maxFrames ? ['-frames:v', String(opts.maxFrames)] : []),
    '-f',
    'rawvideo',
    '-pix_fmt',
    opts.rgb ? 'rgb24' : 'gray',
    'pipe:1',
  ])
  const size = w * h * channels
  const frames: Uint8Array[] = []
  for (let o = 0; o + size <= stdout.length; o += size) frames.push(stdout.subarray(o, o + size))
  return frames
}

/** An image file as it would fill a `width`×`height` frame (centre-cropped), then grey at w×h. */
export async function coverGrey(
  file: Buffer,
  width: number,
  height: number,
  w: number,
  h: number,
): Promise<Uint8Array> {
  const filled = await sharp(file).resize(width, height, { fit: 'cover' }).png().toBuffer()
  return sharp(filled).resize(w, h, { fit: 'fill' }).greyscale().raw().toBuffer()
}

/**
 * The views a camera move over a still can show of an image filling a `width`×`height` frame:
 * zooms 1-1.15 and, at each, offsets to either edge of the slack and between, each grey at w×h.
 * Comparing against all of them recognises an image whatever move animated it.
 */
export async function coverFramings(
  file: Buffer,
  width: number,
  height: number,
  w: number,
  h: number,
): Promise<Uint8Array[]> {
  const filled = await sharp(file).resize(width, height, { fit: 'cover' }).png().toBuffer()
  const views: Uint8Array[] = []
  for (const zoom of [1, 1.06, 1.12, 1.15]) {
    const vw = Math.round(width / zoom)
    const vh = Math.round(height / zoom)
    for (const fy of [0, 0.5, 1]) {
      for (const fx of [0, 0.5, 1]) {
        const region = {
          left: Math.round((width - vw) * fx),
          top: Math.round((height - vh) * fy),
          width: vw,
          height: vh,
        }
        views.push(
          await sharp(filled)
            .extract(region)
            .resize(w, h, { fit: 'fill' })
            .greyscale()
            .raw()
            .toBuffer(),
        )
        if (zoom === 1) break
      }
      if (zoom === 1) break
    }
  }
  return views
}

/** Normalised cross-correlation of two equal-length signals: 1 identical, ~0 unrelated. */
export function ncc(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]!
    mb += b[i]!
  }
  ma /= n
  mb /= n
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma
    const y = b[i]! - mb
    ab += x * y
    aa += x * x
    bb += y * y
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0
}

/** Peak signal-to-noise ratio in dB of two 8-bit pictures. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2
  const mse = sum / a.length
  return mse === 0 ? 99 : 10 * Math.log10((255 * 255) / mse)
}

/** Sobel gradient magnitude of a grey picture (borders left at 0). */
export function edges(grey: Uint8Array, w: number, h: number): Float64Array {
  const out = new Float64Array(w * h)
  const at = (x: number, y: number) => grey[y * w + x]!
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const gx =
        at(x + 1, y - 1) +
        2 * at(x + 1, y) +
        at(x + 1, y + 1) -
        at(x - 1, y - 1) -
        2 * at(x - 1, y) -
        at(x - 1, y + 1)
      const gy =
        at(x - 1, y + 1) +
        2 * at(x, y + 1) +
        at(x + 1, y + 1) -
        at(x - 1, y - 1) -
        2 * at(x, y - 1) -
        at(x + 1, y - 1)
      out[y * w + x] = Math.hypot(gx, gy)
    }
  }
  return out
}

/** Mean colour of an RGB picture. */
export function meanRgb(rgb: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0]
  for (let i = 0; i < rgb.length; i += 3) {
    sum[0]! += rgb[i]!
    sum[1]! += rgb[i + 1]!
    sum[2]! += rgb[i + 2]!
  }
  const n = rgb.length / 3
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n]
}

/** Mean absolute difference of consecutive grey frames: element i compares frame i with i − 1. */
export function frameChanges(frames: readonly Uint8Array[]): number[] {
  return frames.map((f, i) => {
    const prev = frames[i - 1]
    if (!prev) return 0
    let sum = 0
    for (let p = 0; p < f.length; p++) sum += Math.abs(f[p]! - prev[p]!)
    return sum / f.length
  })
}

/** A window `pw`×`ph` of a grey picture `w` wide, its top-left corner at (x, y). */
export function crop(
  grey: Uint8Array,
  w: number,
  x: number,
  y: number,
  pw: number,
  ph: number,
): Uint8Array {
  const out = new Uint8Array(pw * ph)
  for (let r = 0; r < ph; r++) out.set(grey.subarray((y + r) * w + x, (y + r) * w + x + pw), r * pw)
  return out
}

/** Where `patch` matches `grey` best (exhaustive NCC search): its top-left corner and score. */
export function locate(
  grey: Uint8Array,
  w: number,
  h: number,
  patch: Uint8Array,
  pw: number,
  ph: number,
): { x: number; y: number; score: number } {
  let best = { x: 0, y: 0, score: -1 }
  for (let y = 0; y + ph <= h; y++) {
    for (let x = 0; x + pw <= w; x++) {
      const score = ncc(crop(grey, w, x, y, pw, ph), patch)
      if (score > best.score) best = { x, y, score }
    }
  }
  return best
}
