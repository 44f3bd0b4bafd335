import { createNoise } from '../noise.js'
import { createRng, type Rng } from '../prng.js'
import type { Timeline } from '../timeline.js'
import { Biquad } from './biquad.js'
import { pace } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

/**
 * Thunder on each lightning flash of the timeline: the strike is close, so its crack comes with
 * the flash (10-40 ms after it: a sharp broadband snap over a low boom), then the rumble rolls in
 * a moment later (sound from the far end of the bolt travels longer) and decays over seconds.
 * Paced between cracks and rumbles (pace.ts).
 */
export async function addThunder(
  sound: Stereo,
  seed: number,
  level: number,
  lightning: Timeline['lightning'],
): Promise<void> {
  for (const [k, flash] of lightning.entries()) {
    const rng = createRng(seed, `thunder-${k}`)
    await pace()
    crack(sound, flash.t + rng.range(0.01, 0.04), flash.seed, level, flash.x)
    await pace()
    rumble(sound, flash.t + rng.range(0.25, 0.8), rng.range(2.5, 4), flash, level, rng)
  }
}

function crack(sound: Stereo, at: number, seed: number, level: number, pan: number): void {
  const start = Math.floor(at * SAMPLE_RATE)
  const length = Math.floor(0.35 * SAMPLE_RATE)
  const noise = createWhiteNoise(seed ^ 0x51ed27)
  const snap = new Biquad('highpass', 700, 0.7)
  const boom = new Biquad('lowpass', 120, 1.2)
  for (let j = 0; j < length && start + j < sound.left.length; j++) {
    const t = j / SAMPLE_RATE
    const n = noise()
    const s = snap.run(n) * Math.exp(-t / 0.05) * 1.6 + boom.run(n) * Math.exp(-t / 0.12) * 5
    const v = s * Math.min(1, j / 48) * level
    sound.left[start + j]! += v * (1.2 - pan * 0.4)
    sound.right[start + j]! += v * (0.8 + pan * 0.4)
  }
}

function rumble(
  sound: Stereo,
  at: number,
  seconds: number,
  flash: Timeline['lightning'][number],
  level: number,
  rng: Rng,
): void {
  const { left, right } = sound
  const start = Math.floor(at * SAMPLE_RATE)
  const length = Math.floor(seconds * SAMPLE_RATE)
  const noiseL = createWhiteNoise(flash.seed)
  const noiseR = createWhiteNoise(flash.seed ^ 0xabcdef)
  const lowL = new Biquad('lowpass', 160, 0.9)
  const lowR = new Biquad('lowpass', 170, 0.9)
  const roll = createNoise(rng)
  const pan = flash.x
  for (let j = 0; j < length && start + j < left.length; j++) {
    const t = j / SAMPLE_RATE
    const env = Math.min(1, t * 4) * Math.exp(-t / 1.1) * (0.4 + 0.9 * roll.fractal1(t * 6, 3))
    left[start + j]! += lowL.run(noiseL()) * 9 * env * level * (1.2 - pan * 0.4)
    right[start + j]! += lowR.run(noiseR()) * 9 * env * level * (0.8 + pan * 0.4)
  }
}
