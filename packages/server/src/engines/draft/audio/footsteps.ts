import { createRng } from '../prng.js'
import { Biquad } from './biquad.js'
import { pace } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

/** What the feet land on: sets the scuff's colour and length. */
export type Ground = 'hard' | 'soft' | 'wet' | 'snow' | 'sand'

const SCUFF: Record<Ground, { freq: number; q: number; decay: number; thud: number }> = {
  hard: { freq: 2500, q: 1.2, decay: 0.025, thud: 1 },
  soft: { freq: 1200, q: 0.8, decay: 0.06, thud: 0.6 },
  wet: { freq: 3500, q: 0.6, decay: 0.09, thud: 0.7 },
  snow: { freq: 1800, q: 0.9, decay: 0.14, thud: 0.5 },
  sand: { freq: 2200, q: 0.7, decay: 0.1, thud: 0.4 },
}

/**
 * Footsteps on the timeline's footfalls (draft-engine.md: filtered clicks on the walk cycle): a
 * low heel thud and a scuff of filtered noise whose colour and length depend on the ground (a
 * crunch in snow, a splash on wet ground); feet alternate a little left and right. Paced between
 * steps (pace.ts).
 */
export async function addFootsteps(
  sound: Stereo,
  seed: number,
  level: number,
  steps: readonly number[],
  ground: Ground,
): Promise<void> {
  const rng = createRng(seed, 'footsteps')
  const noise = createWhiteNoise(seed ^ 0x2c1b3c6d)
  const kind = SCUFF[ground]
  for (const [k, at] of steps.entries()) {
    await pace()
    const scuff = new Biquad('bandpass', kind.freq * rng.range(0.85, 1.15), kind.q)
    const gain = level * rng.range(0.75, 1)
    addStep(sound, at, { scuff, gain, pan: k % 2 ? 0.56 : 0.44, noise, ground })
  }
}

/** One footstep at `at` seconds: a thud and a scuff through `scuff`, on the shared noise. */
function addStep(
  sound: Stereo,
  at: number,
  step: { scuff: Biquad; gain: number; pan: number; noise: () => number; ground: Ground },
): void {
  const { scuff, gain, pan, noise, ground } = step
  const kind = SCUFF[ground]
  const length = Math.floor((kind.decay * 5 + 0.05) * SAMPLE_RATE)
  const thud = new Biquad('lowpass', 180, 1.1)
  const start = Math.floor(at * SAMPLE_RATE)
  for (let j = 0; j < length && start + j < sound.left.length; j++) {
    const t = j / SAMPLE_RATE
    const n = noise()
    // Snow crunches: the scuff breaks into grains.
    const grain = ground === 'snow' && (j >> 7) % 3 === 0 ? 0.3 : 1
    const v =
      thud.run(n) * Math.exp(-t / 0.02) * 4 * kind.thud +
      scuff.run(n) * Math.exp(-t / kind.decay) * 1.5 * grain
    const s = v * Math.min(1, j / 24) * gain
    sound.left[start + j]! += s * Math.sqrt(1 - pan)
    sound.right[start + j]! += s * Math.sqrt(pan)
  }
}
