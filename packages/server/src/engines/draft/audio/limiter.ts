import { inChunks } from '../pace.js'
import { truePeaks } from './true-peak.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'

/** Look-ahead (and attack): the gain is fully down 2 ms before the peak it makes room for. */
const LOOKAHEAD = Math.round(0.002 * SAMPLE_RATE)
/** Release time constant: short enough to leave no hole after a thunder crack, long enough not to distort. */
const RELEASE = Math.exp(-1 / (0.08 * SAMPLE_RATE))

/** The gain each sample needs so that the points around it stay under `ceiling`; any under 1. */
function neededGains(
  peaks: Float32Array,
  needed: Float32Array,
  ceiling: number,
  from: number,
  to: number,
): boolean {
  let any = false
  for (let m = from; m < to; m++) {
    // The points after sample m-1 lie between m-1 and m: both gains shape them.
    const peak = Math.max(peaks[m]!, m > 0 ? peaks[m - 1]! : 0)
    needed[m] = peak > ceiling ? ceiling / peak : 1
    if (needed[m]! < 1) any = true
  }
  return any
}

/** A monotonic queue of indices into `needed`, its minimum at `head`. */
interface MinQueue {
  indices: Int32Array
  head: number
  tail: number
}

/** `lowest[m]`: the minimum of `needed` over [m, m + LOOKAHEAD], for i = m + LOOKAHEAD in range. */
function slidingMin(
  needed: Float32Array,
  lowest: Float32Array,
  q: MinQueue,
  from: number,
  to: number,
): void {
  const n = needed.length
  const queue = q.indices
  let { head, tail } = q
  for (let i = from; i < to; i++) {
    if (i < n) {
      while (tail > head && needed[queue[tail - 1]!]! >= needed[i]!) tail--
      queue[tail++] = i
    }
    const m = i - LOOKAHEAD
    if (m < 0) continue
    while (queue[head]! < m) head++
    lowest[m] = needed[queue[head]!]!
  }
  q.head = head
  q.tail = tail
}

/** The release curve over `from` … `to` in place, starting from `gain`; returns the last gain. */
function release(lowest: Float32Array, gain: number, from: number, to: number): number {
  for (let m = from; m < to; m++) {
    gain = Math.min(lowest[m]!, 1 - (1 - gain) * RELEASE)
    lowest[m] = gain
  }
  return gain
}

/** The moving average's running sum and the loudest point after limiting so far. */
interface Smoothing {
  first: number
  sum: number
  loudest: number
}

/** Applies the moving average of `gains` to the sound over `from` … `to`. */
function applyGains(
  sound: Stereo,
  peaks: Float32Array,
  gains: Float32Array,
  a: Smoothing,
  from: number,
  to: number,
): void {
  const { first } = a
  let { sum, loudest } = a
  for (let m = from; m < to; m++) {
    sum += gains[m]! - (m > LOOKAHEAD ? gains[m - LOOKAHEAD - 1]! : first)
    const g = sum / (LOOKAHEAD + 1)
    sound.left[m]! *= g
    sound.right[m]! *= g
    if (peaks[m]! * g > loudest) loudest = peaks[m]! * g
  }
  a.sum = sum
  a.loudest = loudest
}

/**
 * A look-ahead true-peak limiter (draft-engine.md "Mix"): the gain each sample needs so that no
 * 4× oversampled point exceeds `ceilingDb`, then a sliding minimum over the look-ahead, a release
 * curve and a moving average as long as the look-ahead. Each stage only lowers the gain or
 * averages gains that are all low enough, so the smoothed gain never lets a peak through, and it
 * moves over milliseconds, so it does not click. Works in place; returns the true peak after
 * limiting in dBTP, as estimated from the peaks before it and the gains (within a few hundredths
 * of a dB of a fresh measurement, at no extra cost). Paced (pace.ts).
 */
export async function limitTruePeak(sound: Stereo, ceilingDb: number): Promise<number> {
  const ceiling = 10 ** (ceilingDb / 20)
  const peaks = await truePeaks(sound, ceiling)
  const n = peaks.length
  const needed = new Float32Array(n)
  let any = false
  await inChunks(n, (from, to) => {
    if (neededGains(peaks, needed, ceiling, from, to)) any = true
  })
  if (!any) return 20 * Math.log10(peaks.reduce((max, p) => (p > max ? p : max), 0))
  // Sliding minimum over [m, m + LOOKAHEAD] with a monotonic queue of indices.
  const lowest = new Float32Array(n)
  const queue = { indices: new Int32Array(n), head: 0, tail: 0 }
  await inChunks(n + LOOKAHEAD, (from, to) => slidingMin(needed, lowest, queue, from, to))
  let gain = 1
  await inChunks(n, (from, to) => {
    gain = release(lowest, gain, from, to)
  })
  // Before the first sample the average sees the first gain, which is low enough there too.
  const first = lowest[0]!
  const average = { first, sum: (LOOKAHEAD + 1) * first, loudest: 0 }
  await inChunks(n, (from, to) => applyGains(sound, peaks, lowest, average, from, to))
  return 20 * Math.log10(average.loudest)
}
