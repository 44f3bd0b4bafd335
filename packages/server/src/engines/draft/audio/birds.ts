import { createRng } from '../prng.js'
import { pace } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { SINE, TABLE_SIZE, lookup, wavetable } from './wavetable.js'

/** The gull's voice: a fundamental with strong second and third partials. */
const NASAL = wavetable([1, 0.6, 0.35])

/**
 * Birdsong by FM synthesis: songbirds as phrases of quick upward or falling chirps, gulls as nasal
 * "kee-ow" calls gliding down with a rough flutter. Paced between phrases (pace.ts).
 */
export async function addBirds(
  sound: Stereo,
  seed: number,
  level: number,
  gulls: boolean,
): Promise<void> {
  const rng = createRng(seed, gulls ? 'gulls' : 'songbirds')
  const duration = sound.left.length / SAMPLE_RATE
  let t = rng.range(0.1, 1)
  while (t < duration - 0.2) {
    await pace()
    const pan = rng.range(0.15, 0.85)
    const gain = level * rng.range(0.5, 1)
    if (gulls) {
      const calls = rng.int(1, 3)
      for (let c = 0; c < calls; c++) {
        gull(sound, t, rng.range(0.25, 0.45), rng.range(1250, 1600), pan, gain)
        t += rng.range(0.35, 0.55)
      }
      t += rng.range(0.8, 2.6)
    } else {
      const chirps = rng.int(3, 8)
      const base = rng.range(2600, 4800)
      const rising = rng.chance(0.5)
      for (let c = 0; c < chirps; c++) {
        chirp(sound, t, rng.range(0.05, 0.12), base * rng.range(0.9, 1.1), rising, pan, gain)
        t += rng.range(0.08, 0.18)
      }
      t += rng.range(0.5, 2.2)
    }
  }
}

function chirp(
  sound: Stereo,
  start: number,
  length: number,
  freq: number,
  rising: boolean,
  pan: number,
  gain: number,
): void {
  const from = Math.floor(start * SAMPLE_RATE)
  const n = Math.floor(length * SAMPLE_RATE)
  const l = Math.sqrt(1 - pan) * gain * 0.25
  const r = Math.sqrt(pan) * gain * 0.25
  let phase = 0
  for (let k = 0; k < n && from + k < sound.left.length; k++) {
    const u = k / n
    const f =
      freq *
      (rising ? 0.75 + 0.5 * u : 1.2 - 0.45 * u) *
      (1 + 0.05 * lookup(SINE, (u * 9.5 * TABLE_SIZE) % TABLE_SIZE))
    phase = (phase + (f * TABLE_SIZE) / SAMPLE_RATE) % TABLE_SIZE
    const env = 4 * u * (1 - u)
    const s = lookup(SINE, phase) * env * env
    sound.left[from + k]! += s * l
    sound.right[from + k]! += s * r
  }
}

function gull(
  sound: Stereo,
  start: number,
  length: number,
  freq: number,
  pan: number,
  gain: number,
): void {
  const from = Math.floor(start * SAMPLE_RATE)
  const n = Math.floor(length * SAMPLE_RATE)
  const l = Math.sqrt(1 - pan) * gain * 0.16
  const r = Math.sqrt(pan) * gain * 0.16
  let phase = 0
  for (let k = 0; k < n && from + k < sound.left.length; k++) {
    const u = k / n
    const f = freq * (u < 0.2 ? 1 + u : 1.2 - 0.55 * (u - 0.2))
    phase += (f * TABLE_SIZE) / SAMPLE_RATE
    if (phase >= TABLE_SIZE) phase -= TABLE_SIZE
    const env = Math.min(1, u * 12) * (1 - u) * Math.sqrt(1 - u)
    // A slow flutter (about 30 Hz) roughens the call.
    const rough = 0.7 + 0.3 * lookup(SINE, ((k * 0.004 * TABLE_SIZE) / (2 * Math.PI)) % TABLE_SIZE)
    const s = lookup(NASAL, phase) * env * rough
    sound.left[from + k]! += s * l
    sound.right[from + k]! += s * r
  }
}
