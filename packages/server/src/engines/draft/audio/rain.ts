import { createRng, type Rng } from '../prng.js'
import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

/** A droplet ringing: a damped sine by recurrence, no Math.sin per sample. */
interface Droplet {
  y1: number
  y2: number
  k: number
  decay: number
  panL: number
  panR: number
}

/** The downpour's sources, filters and ringing droplets, carried from chunk to chunk. */
interface Downpour {
  noiseL: () => number
  noiseR: () => number
  bandL: Biquad
  bandR: Biquad
  rng: Rng
  /** Chance of a new droplet per sample. */
  rate: number
  slots: Droplet[]
  level: number
}

function rainOn(sound: Stereo, rain: Downpour, from: number, to: number): void {
  const { noiseL, noiseR, bandL, bandR, rng, rate, slots, level } = rain
  const { left, right } = sound
  for (let i = from; i < to; i++) {
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

/**
 * Rain: band-passed noise for the hiss of the downpour plus droplet impulses (short decaying
 * pings, panned at random) for the patter (draft-engine.md "Effects by synthesis"). Paced
 * (pace.ts).
 */
export async function addRain(
  sound: Stereo,
  seed: number,
  level: number,
  heavy: boolean,
): Promise<void> {
  const rain: Downpour = {
    noiseL: createWhiteNoise(seed),
    noiseR: createWhiteNoise(seed ^ 0x5bd1e995),
    bandL: new Biquad('bandpass', heavy ? 1800 : 2600, 0.5),
    bandR: new Biquad('bandpass', heavy ? 1800 : 2600, 0.5),
    rng: createRng(seed, 'droplets'),
    rate: (heavy ? 110 : 55) / SAMPLE_RATE,
    // One droplet rings at a time per slot.
    slots: Array.from({ length: 4 }, () => ({ y1: 0, y2: 0, k: 0, decay: 0, panL: 0, panR: 0 })),
    level,
  }
  await inChunks(sound.left.length, (from, to) => rainOn(sound, rain, from, to))
}
