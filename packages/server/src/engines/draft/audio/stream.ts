import { createNoise, type Noise } from '../noise.js'
import { createRng, type Rng } from '../prng.js'
import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { SINE, TABLE_SIZE, lookup } from './wavetable.js'
import { createWhiteNoise } from './white-noise.js'

const SLOTS = 8
const BLOCK = 256

/** A bubble ringing: a sine whose pitch rises as it closes. */
interface Bubble {
  phase: number
  step: number
  rise: number
  amp: number
  decay: number
  l: number
  r: number
}

/** The water's sources, filters and bubbles, and when the next bubble comes, chunk to chunk. */
interface Water {
  rng: Rng
  noiseL: () => number
  noiseR: () => number
  rushL: Biquad
  rushR: Biquad
  ebb: Noise
  bubbles: Bubble[]
  next: number
  slot: number
  level: number
}

function flowBlocks(sound: Stereo, water: Water, from: number, to: number): void {
  const { rng, noiseL, noiseR, rushL, rushR, ebb, bubbles, level } = water
  const { left, right } = sound
  let { next, slot } = water
  for (let start = from; start < to; start += BLOCK) {
    const flow = 0.6 + 0.6 * ebb.fractal1((start / SAMPLE_RATE) * 1.5, 3)
    const end = Math.min(left.length, start + BLOCK)
    for (let i = start; i < end; i++) {
      if (i >= next) {
        const b = bubbles[slot++ % SLOTS]!
        const freq = rng.range(400, 2400)
        b.phase = 0
        b.step = (freq * TABLE_SIZE) / SAMPLE_RATE
        // The pitch rises by about 10 % per 10 ms of the bubble's life.
        b.rise = 1 + 0.1 / (0.01 * SAMPLE_RATE)
        b.amp = rng.range(0.05, 0.25) * flow
        b.decay = Math.exp(-1 / (rng.range(0.004, 0.015) * SAMPLE_RATE))
        const pan = rng.next()
        b.l = Math.sqrt(1 - pan)
        b.r = Math.sqrt(pan)
        next = i + Math.floor(SAMPLE_RATE * rng.range(0.002, 0.018))
      }
      let l = rushL.run(noiseL()) * 1.2 * flow
      let r = rushR.run(noiseR()) * 1.2 * flow
      for (const b of bubbles) {
        if (b.amp < 1e-4) continue
        b.phase += b.step
        if (b.phase >= TABLE_SIZE) b.phase -= TABLE_SIZE
        b.step *= b.rise
        const s = lookup(SINE, b.phase) * b.amp
        b.amp *= b.decay
        l += s * b.l
        r += s * b.r
      }
      left[i]! += l * level
      right[i]! += r * level
    }
  }
  water.next = next
  water.slot = slot
}

/**
 * Running water (a river, a stream, a fountain): a rushing bed of band-passed noise that swells
 * and ebbs, and bubbles, the sound of moving water: short sines whose pitch rises as each bubble
 * closes (van den Doel's model), about a hundred a second at random pitches. Paced (pace.ts).
 */
export async function addStream(sound: Stereo, seed: number, level: number): Promise<void> {
  const rng = createRng(seed, 'stream')
  const water: Water = {
    rng,
    noiseL: createWhiteNoise(seed ^ 0x68e31da4),
    noiseR: createWhiteNoise(seed ^ 0xb5297a4d),
    rushL: new Biquad('bandpass', 900, 0.5),
    rushR: new Biquad('bandpass', 1000, 0.5),
    ebb: createNoise(rng),
    bubbles: Array.from({ length: SLOTS }, () => ({
      phase: 0,
      step: 0,
      rise: 0,
      amp: 0,
      decay: 0,
      l: 0,
      r: 0,
    })),
    next: 0,
    slot: 0,
    level,
  }
  await inChunks(sound.left.length, (from, to) => flowBlocks(sound, water, from, to))
}
