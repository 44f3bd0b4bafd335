/** Mean and standard deviation of each CIELAB channel (L, a, b) of a picture. */
export interface LabStats {
  mean: [number, number, number]
  std: [number, number, number]
}

type Lab = [number, number, number]

/** The D65 white point of sRGB. */
const WHITE = [0.95047, 1, 1.08883] as const
/** The transfer never stretches a channel's spread beyond these factors (a flat source explodes). */
const MIN_SCALE = 0.4
const MAX_SCALE = 2.5

const LINEAR = Float64Array.from({ length: 256 }, (_, v) => toLinear(v / 255))

function toLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

function toGamma(c: number): number {
  const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055
  return v < 0 ? 0 : v > 1 ? 1 : v
}

const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (t * 24389) / 27 / 116 + 16 / 116)
const fInverse = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : ((116 * t - 16) * 27) / 24389)

/** Linear sRGB (0..1) to CIELAB. */
function linearToLab(r: number, g: number, b: number): Lab {
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / WHITE[0])
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b)
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / WHITE[2])
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)]
}

/** CIELAB to gamma-encoded sRGB (0..1), clipped to the gamut. */
function labToRgb([l, a, bb]: Lab): Lab {
  const y = (l + 16) / 116
  const x = fInverse(y + a / 500) * WHITE[0]
  const z = fInverse(y - bb / 200) * WHITE[2]
  const yy = fInverse(y)
  return [
    toGamma(3.2406 * x - 1.5372 * yy - 0.4986 * z),
    toGamma(-0.9689 * x + 1.8758 * yy + 0.0415 * z),
    toGamma(0.0557 * x - 0.204 * yy + 1.057 * z),
  ]
}

/**
 * Lab statistics of interleaved 8-bit pixels (`channels` 3 or 4; alpha ignored), read at most
 * `maxSamples` evenly spaced pixels so a full frame costs the same as a thumbnail.
 */
export function labStats(pixels: Uint8Array, channels: number, maxSamples = 20_000): LabStats {
  const count = Math.floor(pixels.length / channels)
  const step = Math.max(1, Math.floor(count / maxSamples))
  const sum = [0, 0, 0]
  const squares = [0, 0, 0]
  let n = 0
  for (let p = 0; p < count; p += step) {
    const o = p * channels
    const lab = linearToLab(LINEAR[pixels[o]!]!, LINEAR[pixels[o + 1]!]!, LINEAR[pixels[o + 2]!]!)
    for (let c = 0; c < 3; c++) {
      sum[c]! += lab[c]!
      squares[c]! += lab[c]! * lab[c]!
    }
    n++
  }
  const mean = sum.map((s) => s / Math.max(1, n)) as Lab
  const std = squares.map((s, c) =>
    Math.sqrt(Math.max(0, s / Math.max(1, n) - mean[c]! ** 2)),
  ) as Lab
  return { mean, std }
}

/** A colour lookup table over 81 levels a channel, entries packed as little-endian RGBA words. */
export interface ColourLut {
  table: Uint32Array
}

/**
 * Level q of the table stands for the 8-bit value 4q − PAD, clamped to 0-255. A pixel's channel v
 * plus its offset (PAD, a dither of 0-3 and a texture grain within ±GRAIN) reads level
 * (v + offset) >> 2, never below 0 nor above (255 + PAD + 3 + GRAIN) >> 2 = 80.
 */
const LEVELS = 81
const PAD = 32
const GRAIN = 31
/** The 4×4 Bayer matrix divided by 4 (0-3): ordered dither hides the lattice's steps. */
const DITHER = [0, 2, 0, 2, 3, 1, 3, 1, 0, 2, 0, 2, 3, 1, 3, 1]

/** The transfer is computed exactly on this coarse lattice, then interpolated to LEVELS. */
const EXACT = 17

/**
 * Reinhard colour transfer (draft-engine.md "Edit"): each Lab channel of the source is shifted and
 * scaled so its mean and spread become the reference's, then blended with the original by
 * `strength` (0..1). Computed exactly on a 17³ RGB lattice, the usual size of a grading LUT (the
 * transfer is smooth), interpolated trilinearly into an 81³ table (2 MB) once, then applied to
 * each frame by `applyLut` with one table read a pixel: a few milliseconds at 720p.
 */
export function reinhardLut(source: LabStats, target: LabStats, strength: number): ColourLut {
  const scale = [0, 1, 2].map((c) => {
    const s = source.std[c]! > 1e-6 ? target.std[c]! / source.std[c]! : 1
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s))
  })
  const exact = new Float64Array(EXACT ** 3 * 3)
  const linear = Float64Array.from({ length: EXACT }, (_, i) => toLinear(i / (EXACT - 1)))
  for (let b = 0; b < EXACT; b++) {
    for (let g = 0; g < EXACT; g++) {
      for (let r = 0; r < EXACT; r++) {
        const lab = linearToLab(linear[r]!, linear[g]!, linear[b]!)
        const moved = lab.map((v, c) => {
          const transferred = (v - source.mean[c]!) * scale[c]! + target.mean[c]!
          return v + strength * (transferred - v)
        }) as Lab
        exact.set(
          labToRgb(moved).map((v) => v * 255),
          ((b * EXACT + g) * EXACT + r) * 3,
        )
      }
    }
  }
  // Where each of the 81 levels falls on the coarse lattice: a cell and a weight.
  const cell = new Uint8Array(LEVELS)
  const weight = new Float64Array(LEVELS)
  for (let i = 0; i < LEVELS; i++) {
    const at = (Math.min(255, Math.max(0, 4 * i - PAD)) / 255) * (EXACT - 1)
    cell[i] = Math.min(EXACT - 2, Math.floor(at))
    weight[i] = at - cell[i]!
  }
  // Trilinear interpolation is separable: along red for every coarse (green, blue), then along
  // green, then blue: a fifth of the arithmetic of interpolating each entry from its 8 corners.
  const alongR = new Float64Array(EXACT * EXACT * LEVELS * 3)
  for (let bg = 0; bg < EXACT * EXACT; bg++) {
    for (let r = 0; r < LEVELS; r++) {
      const p = (bg * EXACT + cell[r]!) * 3
      for (let c = 0; c < 3; c++) {
        alongR[(bg * LEVELS + r) * 3 + c] =
          exact[p + c]! + (exact[p + 3 + c]! - exact[p + c]!) * weight[r]!
      }
    }
  }
  const alongG = new Float64Array(EXACT * LEVELS * LEVELS * 3)
  const rowR = LEVELS * 3
  for (let b = 0; b < EXACT; b++) {
    for (let g = 0; g < LEVELS; g++) {
      const near = (b * EXACT + cell[g]!) * rowR
      const out = (b * LEVELS + g) * rowR
      const wg = weight[g]!
      for (let k = 0; k < rowR; k++) {
        alongG[out + k] = alongR[near + k]! + (alongR[near + rowR + k]! - alongR[near + k]!) * wg
      }
    }
  }
  const table = new Uint32Array(LEVELS ** 3)
  const plane = LEVELS * LEVELS * 3
  for (let b = 0; b < LEVELS; b++) {
    const near = cell[b]! * plane
    const wb = weight[b]!
    for (let gr = 0; gr < LEVELS * LEVELS; gr++) {
      let packed = 255 << 24
      for (let c = 0; c < 3; c++) {
        const p = near + gr * 3 + c
        packed |= Math.round(alongG[p]! + (alongG[p + plane]! - alongG[p]!) * wb) << (8 * c)
      }
      table[b * LEVELS * LEVELS + gr] = packed >>> 0
    }
  }
  return { table }
}

/**
 * The per-pixel offsets `applyLut` adds before reading the table: ordered dither, and optionally
 * a texture grain (values within ±31, added to all three channels, so the transfer that follows
 * shapes the grain like the rest of the picture). Made once per clip.
 */
export function lutOffsets(width: number, height: number, grain?: Int8Array): Uint8Array {
  const offsets = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const g = Math.max(-GRAIN, Math.min(GRAIN, grain?.[i] ?? 0))
      offsets[i] = PAD + DITHER[(y & 3) * 4 + (x & 3)]! + g
    }
  }
  return offsets
}

/**
 * Applies a lookup table in place to straight RGBA pixels (4-byte aligned, as the frames of
 * video-frames.ts are), each channel offset by the pixel's `lutOffsets` entry. Red and blue are
 * offset together in one word, 16 bits apart, so neither carries into the other; four pixels a
 * step run a fifth faster than one.
 */
export function applyLut(lut: ColourLut, rgba: Buffer, offsets: Uint8Array): void {
  const { table } = lut
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)
  let i = 0
  for (; i + 3 < pixels.length; i += 4) {
    lookup(pixels, table, offsets, i)
    lookup(pixels, table, offsets, i + 1)
    lookup(pixels, table, offsets, i + 2)
    lookup(pixels, table, offsets, i + 3)
  }
  for (; i < pixels.length; i++) lookup(pixels, table, offsets, i)
}

/** One pixel through the table: channel v with offset o reads level (v + o) >> 2. */
function lookup(pixels: Uint32Array, table: Uint32Array, offsets: Uint8Array, i: number): void {
  const p = pixels[i]!
  const o = offsets[i]!
  const rb = (p & 0xff00ff) + o * 0x10001
  const g = (((p >>> 8) & 255) + o) >> 2
  pixels[i] = table[(rb >>> 18) * LEVELS * LEVELS + g * LEVELS + ((rb & 0x3ff) >> 2)]!
}
