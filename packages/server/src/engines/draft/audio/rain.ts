import { createRng } from '../prng.js'
import { Biquad } from './biquad.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

/**
 * Rain: band-passed noise for the hiss of the downpour plus droplet impulses (short decaying
 * pings, panned at random) for the patter (draft-engine.md "Effects by synthesis").
 */
export function addRain(sound: Stereo, seed: number, level: number, heavy: boolean): void {
  const noiseL = createWhiteNoise(seed)
  const noiseR = createWhiteNoise(seed ^ 0x5bd1e995)
  const bandL = new Biquad('bandpass', heavy ? 1800 : 2600, 0.5)
  const bandR = new Biquad('bandpass', heavy ? 1800 : 2600, 0.5)
  const rng = createRng(seed, 'droplets')
  const rate = (heavy ? 110 : 55) / SAMPLE_RATE
  // One droplet rings at a time per slot: a damped sine by recurrence, no Math.sin per sample.
  const slots = Array.from({ length: 4 }, () => ({
    y1: 0,
    y2: 0,
    k: 0,
    decay: 0,
    panL: 0,
    panR: 0,
  }))
  const { left, right } = sound
  for (let i = 0; i < left.length; i++) {
    let l = bandL.run(noiseL()) * 1.6
    let r = bandR.run(noiseR()) * 1.6
    if (rng.next() < rate) {
      const slot = slots[i & 3]!
      const w = (2 * Math.PI * rng.range(1800, 5200)) / SAMPLE_RATE
      const amp = rng.range(0.05, 0.25)
      slot.k = 2 * Math.cos(w)
      slot.y1 = amp * Math.sin(w)
      slot.y2 = 0
      slot.decay = 1 - 1 / rng.range(150, 500)
      const pan = rng.next()
      slot.panL = Math.sqrt(1 - pan)
      slot.panR = Math.sqrt(pan)
    }
    for (const s of slots) {
      if (s.y1 === 0 && s.y2 === 0) continue
      const y = (s.k * s.y1 - s.y2) * s.decay
      s.y2 = s.y1 * s.decay
      s.y1 = y
      l += y * s.panL
      r += y * s.panR
    }
    left[i]! += l * level
    right[i]! += r * level
  }
}
