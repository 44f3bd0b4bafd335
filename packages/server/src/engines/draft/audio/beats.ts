import { createFft } from '../fft.js'

/** The beat grid of a piece of audio. */
export interface Beats {
  /** Beats per minute; 0 when no steady pulse was found. */
  tempo: number
  /** Seconds of each beat, ascending; empty when no steady pulse was found. */
  times: number[]
  /** Seconds of each detected onset (a note, a hit), ascending. */
  onsets: number[]
}

/** Analysis window and hop: about 21 ms and 5 ms at 48 kHz. */
const FRAME = 1024
const HOP = 256
const MIN_BPM = 60
const MAX_BPM = 200
/** Tempo prior: a log-normal weight around 120 BPM (one octave wide), as most music sits there. */
const PRIOR_BPM = 120
/** Below this normalised autocorrelation the envelope has no steady pulse (a drone, noise). */
const MIN_PULSE = 0.2
/**
 * Below this RMS of the onset envelope nothing starts or stops: a steady tone measures about 0.6,
 * a click track about 200, quiet music with soft attacks a few tens.
 */
const MIN_ONSET_RMS = 5

/**
 * Beats of mono audio (draft-engine.md "Beats of reference audio"): the spectral flux (sum of the
 * rises of log-magnitude spectra between overlapping Hann windows) gives an onset envelope; its
 * local mean is removed so only sudden rises count. The tempo is the lag of the envelope's
 * autocorrelation peak within 60-200 BPM, weighted toward 120 BPM; the phase is the offset whose
 * beat grid collects the most onset strength. Audio without a steady pulse gets no beats, so the
 * cuts of a reference video fall back to the shot plan instead of to noise.
 */
export function detectBeats(mono: Float32Array, sampleRate: number): Beats {
  const envelope = onsetEnvelope(mono, sampleRate)
  const rate = sampleRate / HOP
  const frameTime = (i: number) => (i * HOP + FRAME / 2) / sampleRate
  const onsets = pickPeaks(envelope, Math.round(rate * 0.1)).map(frameTime)
  const minLag = Math.floor((rate * 60) / MAX_BPM)
  const maxLag = Math.min(Math.ceil((rate * 60) / MIN_BPM), Math.floor(envelope.length / 2))
  let zero = 0
  for (const v of envelope) zero += v * v
  if (Math.sqrt(zero / Math.max(1, envelope.length)) < MIN_ONSET_RMS || maxLag <= minLag)
    return { tempo: 0, times: [], onsets }
  const corr = new Float64Array(maxLag + 2)
  for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
    let sum = 0
    for (let i = 0; i + lag < envelope.length; i++) sum += envelope[i]! * envelope[i + lag]!
    corr[lag] = sum / zero
  }
  let best = minLag
  let bestScore = -Infinity
  for (let lag = minLag; lag <= maxLag; lag++) {
    const octaves = Math.log2((rate * 60) / lag / PRIOR_BPM)
    const score = corr[lag]! * Math.exp(-0.5 * octaves * octaves)
    if (score > bestScore) {
      bestScore = score
      best = lag
    }
  }
  if (corr[best]! < MIN_PULSE) return { tempo: 0, times: [], onsets }
  const l = corr[best - 1]!
  const c = corr[best]!
  const r = corr[best + 1]!
  const curve = l - 2 * c + r
  const period = best + (curve < 0 ? (l - r) / (2 * curve) : 0)
  let phase = 0
  let phaseScore = -Infinity
  for (let offset = 0; offset < period; offset++) {
    let sum = 0
    for (let t = offset; t < envelope.length; t += period) sum += envelope[Math.round(t)] ?? 0
    if (sum > phaseScore) {
      phaseScore = sum
      phase = offset
    }
  }
  const times: number[] = []
  for (let t = phase; t < envelope.length; t += period) times.push(frameTime(t))
  return { tempo: (rate * 60) / period, times, onsets }
}

/** Half-wave rectified spectral flux minus its local mean (about 0.1 s either side). */
function onsetEnvelope(mono: Float32Array, sampleRate: number): Float64Array {
  const fft = createFft(FRAME)
  const frames = Math.max(0, Math.floor((mono.length - FRAME) / HOP) + 1)
  const window = new Float64Array(FRAME)
  for (let i = 0; i < FRAME; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME)
  const bins = FRAME / 2
  let previous = new Float64Array(bins)
  let magnitude = new Float64Array(bins)
  const flux = new Float64Array(frames)
  const re = new Float64Array(FRAME)
  const im = new Float64Array(FRAME)
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < FRAME; i++) {
      re[i] = mono[f * HOP + i]! * window[i]!
      im[i] = 0
    }
    fft.transform(re, im)
    let rise = 0
    for (let k = 1; k < bins; k++) {
      // Not Math.hypot: its overflow care costs several times more, and spectra cannot overflow.
      magnitude[k] = Math.log1p(100 * Math.sqrt(re[k]! * re[k]! + im[k]! * im[k]!))
      if (f > 0) rise += Math.max(0, magnitude[k]! - previous[k]!)
    }
    flux[f] = rise
    ;[previous, magnitude] = [magnitude, previous]
  }
  const radius = Math.max(1, Math.round(0.1 * (sampleRate / HOP)))
  const envelope = new Float64Array(frames)
  let sum = 0
  let from = 0
  let to = 0
  for (let i = 0; i < frames; i++) {
    while (to < Math.min(frames, i + radius + 1)) sum += flux[to++]!
    while (from < i - radius) sum -= flux[from++]!
    envelope[i] = Math.max(0, flux[i]! - sum / (to - from))
  }
  return envelope
}

/** Local maxima above the envelope's mean plus one deviation, at least `gap` frames apart. */
function pickPeaks(envelope: Float64Array, gap: number): number[] {
  let mean = 0
  for (const v of envelope) mean += v
  mean /= Math.max(1, envelope.length)
  let variance = 0
  for (const v of envelope) variance += (v - mean) ** 2
  const threshold = mean + Math.sqrt(variance / Math.max(1, envelope.length))
  const peaks: number[] = []
  for (let i = 1; i < envelope.length - 1; i++) {
    const v = envelope[i]!
    if (v <= threshold || v < envelope[i - 1]! || v < envelope[i + 1]!) continue
    const last = peaks.at(-1)
    if (last !== undefined && i - last < gap) {
      if (v > envelope[last]!) peaks[peaks.length - 1] = i
      continue
    }
    peaks.push(i)
  }
  return peaks
}
