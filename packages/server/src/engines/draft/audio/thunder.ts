import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import type { Timeline } from '../timeline.js'
import { Biquad } from './biquad.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

/**
 * Thunder after each lightning flash of the timeline: a delay (light travels faster than sound),
 * a short crack, then a low-passed rumble that rolls (slow random loudness) and decays over seconds.
 */
export function addThunder(
  sound: Stereo,
  seed: number,
  level: number,
  lightning: Timeline['lightning'],
): void {
  const { left, right } = sound
  lightning.forEach((flash, k) => {
    const rng = createRng(seed, `thunder-${k}`)
    const start = Math.floor((flash.t + rng.range(0.3, 1.4)) * SAMPLE_RATE)
    const length = Math.floor(rng.range(2.5, 4) * SAMPLE_RATE)
    const noiseL = createWhiteNoise(flash.seed)
    const noiseR = createWhiteNoise(flash.seed ^ 0xabcdef)
    const lowL = new Biquad('lowpass', 160, 0.9)
    const lowR = new Biquad('lowpass', 170, 0.9)
    const crack = new Biquad('bandpass', 1200, 0.7)
    const roll = createNoise(rng)
    const pan = flash.x
    for (let j = 0; j < length && start + j < left.length; j++) {
      const t = j / SAMPLE_RATE
      const env = Math.min(1, t * 20) * Math.exp(-t / 1.1) * (0.4 + 0.9 * roll.fractal1(t * 6, 3))
      const n = noiseL()
      const snap = t < 0.15 ? crack.run(n) * (1 - t / 0.15) * 0.8 : 0
      left[start + j]! += (lowL.run(n) * 9 * env + snap) * level * (1.2 - pan * 0.4)
      right[start + j]! += (lowR.run(noiseR()) * 9 * env + snap) * level * (0.8 + pan * 0.4)
    }
  })
}
