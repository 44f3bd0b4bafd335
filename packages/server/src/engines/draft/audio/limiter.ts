import { truePeaks } from './true-peak.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'

/** Look-ahead (and attack): the gain is fully down 2 ms before the peak it makes room for. */
const LOOKAHEAD = Math.round(0.002 * SAMPLE_RATE)
/** Release time constant: short enough to leave no hole after a thunder crack, long enough not to distort. */
const RELEASE = Math.exp(-1 / (0.08 * SAMPLE_RATE))

/**
 * A look-ahead true-peak limiter (draft-engine.md "Mix"): the gain each sample needs so that no
 * 4× oversampled point exceeds `ceilingDb`, then a sliding minimum over the look-ahead, a release
 * curve and a moving average as long as the look-ahead. Each stage only lowers the gain or
 * averages gains that are all low enough, so the smoothed gain never lets a peak through, and it
 * moves over milliseconds, so it does not click. Works in place; returns the true peak after
 * limiting in dBTP, as estimated from the peaks before it and the gains (within a few hundredths
 * of a dB of a fresh measurement, at no extra cost).
 */
export function limitTruePeak(sound: Stereo, ceilingDb: number): number {
  const ceiling = 10 ** (ceilingDb / 20)
  const peaks = truePeaks(sound, ceiling)
  const n = peaks.length
  const needed = new Float32Array(n)
  let any = false
  for (let m = 0; m < n; m++) {
    // The points after sample m-1 lie between m-1 and m: both gains shape them.
    const peak = Math.max(peaks[m]!, m > 0 ? peaks[m - 1]! : 0)
    needed[m] = peak > ceiling ? ceiling / peak : 1
    if (needed[m]! < 1) any = true
  }
  if (!any) return 20 * Math.log10(peaks.reduce((max, p) => (p > max ? p : max), 0))
  // Sliding minimum over [m, m + LOOKAHEAD] with a monotonic queue of indices.
  const lowest = new Float32Array(n)
  const queue = new Int32Array(n)
  let head = 0
  let tail = 0
  for (let i = 0; i < n + LOOKAHEAD; i++) {
    if (i < n) {
      while (tail > head && needed[queue[tail - 1]!]! >= needed[i]!) tail--
      queue[tail++] = i
    }
    const m = i - LOOKAHEAD
    if (m < 0) continue
    while (queue[head]! < m) head++
    lowest[m] = needed[queue[head]!]!
  }
  let gain = 1
  for (let m = 0; m < n; m++) {
    gain = Math.min(lowest[m]!, 1 - (1 - gain) * RELEASE)
    lowest[m] = gain
  }
  // Before the first sample the average sees the first gain, which is low enough there too.
  const first = lowest[0]!
  let sum = (LOOKAHEAD + 1) * first
  let loudest = 0
  for (let m = 0; m < n; m++) {
    sum += lowest[m]! - (m > LOOKAHEAD ? lowest[m - LOOKAHEAD - 1]! : first)
    const g = sum / (LOOKAHEAD + 1)
    sound.left[m]! *= g
    sound.right[m]! *= g
    if (peaks[m]! * g > loudest) loudest = peaks[m]! * g
  }
  return 20 * Math.log10(loudest)
}
