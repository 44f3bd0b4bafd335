import { inChunks } from '../pace.js'
import type { Stereo } from './wav.js'

/** Taps per phase of the interpolator: x[m-5] … x[m+6] for the points between m and m+1. */
const TAPS = 12

/**
 * The three in-between phases (¼, ½, ¾ of a sample) of a 4× oversampler: Hann-windowed sinc
 * kernels normalised to unit gain at DC, as BS.1770-4 Annex 2 suggests for true-peak meters.
 */
const PHASES = [1, 2, 3].map((q) => {
  const taps = Array.from({ length: TAPS }, (_, k) => {
    const x = q / 4 - (k - TAPS / 2 + 1)
    const sinc = Math.sin(Math.PI * x) / (Math.PI * x)
    return sinc * (0.5 + 0.5 * Math.cos((Math.PI * x) / (TAPS / 2)))
  })
  const sum = taps.reduce((s, v) => s + v, 0)
  return taps.map((v) => v / sum)
})

/** The most an in-between point can exceed the largest nearby sample (sum of |weights|). */
const OVERSHOOT = Math.max(...PHASES.map((p) => p.reduce((s, v) => s + Math.abs(v), 0)))

const BLOCK = 256

/**
 * Raises `peaks[m]` to the largest |value| of channel `x` at sample m and at the three oversampled
 * points after it, over `from` … `to`. The twelve samples in reach sit in locals and the
 * interpolation is the same multiply-add over each phase: this is the audio stage's hottest loop.
 */
function scan(x: Float32Array, peaks: Float32Array, from: number, to: number): void {
  const n = x.length
  const at = (i: number) => (i >= 0 && i < n ? x[i]! : 0)
  const [a, b, c] = PHASES as [number[], number[], number[]]
  let x0 = at(from - 5)
  let x1 = at(from - 4)
  let x2 = at(from - 3)
  let x3 = at(from - 2)
  let x4 = at(from - 1)
  let x5 = at(from)
  let x6 = at(from + 1)
  let x7 = at(from + 2)
  let x8 = at(from + 3)
  let x9 = at(from + 4)
  let x10 = at(from + 5)
  for (let m = from; m < to; m++) {
    const x11 = at(m + 6)
    let peak = x5 < 0 ? -x5 : x5
    for (const k of [a, b, c]) {
      const y =
        k[0]! * x0 +
        k[1]! * x1 +
        k[2]! * x2 +
        k[3]! * x3 +
        k[4]! * x4 +
        k[5]! * x5 +
        k[6]! * x6 +
        k[7]! * x7 +
        k[8]! * x8 +
        k[9]! * x9 +
        k[10]! * x10 +
        k[11]! * x11
      const v = y < 0 ? -y : y
      if (v > peak) peak = v
    }
    if (peak > peaks[m]!) peaks[m] = peak
    x0 = x1
    x1 = x2
    x2 = x3
    x3 = x4
    x4 = x5
    x5 = x6
    x6 = x7
    x7 = x8
    x8 = x9
    x9 = x10
    x10 = x11
  }
}

/**
 * Raises `peaks` to the true peaks of channel `x` over the blocks from `from` to `to`: blocks
 * whose samples are all so far under `floor` that no in-between point can reach it keep their
 * sample peaks without interpolating.
 */
function peakBlocks(x: Float32Array, peaks: Float32Array, floor: number, from: number, to: number) {
  const n = x.length
  for (let start = from; start < to; start += BLOCK) {
    const end = Math.min(n, start + BLOCK)
    let near = 0
    for (let i = Math.max(0, start - TAPS); i < Math.min(n, end + TAPS); i++) {
      const v = x[i]! < 0 ? -x[i]! : x[i]!
      if (v > near) near = v
    }
    if (near * OVERSHOOT >= floor) {
      scan(x, peaks, start, end)
      continue
    }
    for (let m = start; m < end; m++) {
      const v = x[m]! < 0 ? -x[m]! : x[m]!
      if (v > peaks[m]!) peaks[m] = v
    }
  }
}

/**
 * The true peak around each sample: max |x| over the sample and the three 4× oversampled points
 * that follow it, for both channels. Blocks whose samples are all so far under `floor` that no
 * in-between point can reach it keep their sample peaks without interpolating, which skips most
 * of a mastered track when only the loud moments matter (the limiter). Paced (pace.ts).
 */
export async function truePeaks(sound: Stereo, floor = 0): Promise<Float32Array> {
  const n = sound.left.length
  const peaks = new Float32Array(n)
  for (const x of [sound.left, sound.right]) {
    await inChunks(n, (from, to) => peakBlocks(x, peaks, floor, from, to))
  }
  return peaks
}

/** The largest |value| in `x`, at least `max`. */
function largest(x: Float32Array, max = 0): number {
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]!) > max) max = Math.abs(x[i]!)
  return max
}

/**
 * The true peak of the whole signal in dBTP (4× oversampled). No in-between point can beat the
 * largest sample where every sample in reach is too small, so only blocks near the sample peak
 * are interpolated.
 */
export async function truePeakDb(sound: Stereo): Promise<number> {
  const max = largest(sound.right, largest(sound.left))
  return 20 * Math.log10(largest(await truePeaks(sound, max), max))
}
