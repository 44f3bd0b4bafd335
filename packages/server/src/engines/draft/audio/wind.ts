import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import { Biquad } from './biquad.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

const BLOCK = 256

/**
 * Wind: low-passed noise whose loudness follows slow value noise (gusts), with a faint resonant
 * whistle that rises with each gust.
 */
export function addWind(sound: Stereo, seed: number, level: number): void {
  const noiseL = createWhiteNoise(seed ^ 0x1234567)
  const noiseR = createWhiteNoise(seed ^ 0x7654321)
  const lowL = new Biquad('lowpass', 420, 0.6)
  const lowR = new Biquad('lowpass', 420, 0.6)
  const whistle = new Biquad('bandpass', 800, 9)
  const gusts = createNoise(createRng(seed, 'gusts'))
  const { left, right } = sound
  for (let start = 0; start < left.length; start += BLOCK) {
    const t = start / SAMPLE_RATE
    const gust = 0.35 + 0.65 * gusts.fractal1(t * 0.35, 3) ** 2 * 2.2
    whistle.set('bandpass', 600 + gust * 500, 9)
    const end = Math.min(left.length, start + BLOCK)
    for (let i = start; i < end; i++) {
      const l = noiseL()
      const w = whistle.run(l) * 0.25
      left[i]! += (lowL.run(l) * 2.2 + w) * gust * level
      right[i]! += (lowR.run(noiseR()) * 2.2 + w * 0.8) * gust * level
    }
  }
}
