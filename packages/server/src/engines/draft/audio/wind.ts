import { createNoise, type Noise } from '../noise.js'
import { createRng } from '../prng.js'
import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

const BLOCK = 256

/** The wind's sources and filters, carried from chunk to chunk. */
interface Wind {
  noiseL: () => number
  noiseR: () => number
  lowL: Biquad
  lowR: Biquad
  whistle: Biquad
  gusts: Noise
  level: number
}

function blowBlocks(sound: Stereo, wind: Wind, from: number, to: number): void {
  const { noiseL, noiseR, lowL, lowR, whistle, gusts, level } = wind
  const { left, right } = sound
  for (let start = from; start < to; start += BLOCK) {
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

/**
 * Wind: low-passed noise whose loudness follows slow value noise (gusts), with a faint resonant
 * whistle that rises with each gust. Paced (pace.ts).
 */
export async function addWind(sound: Stereo, seed: number, level: number): Promise<void> {
  const wind: Wind = {
    noiseL: createWhiteNoise(seed ^ 0x1234567),
    noiseR: createWhiteNoise(seed ^ 0x7654321),
    lowL: new Biquad('lowpass', 420, 0.6),
    lowR: new Biquad('lowpass', 420, 0.6),
    whistle: new Biquad('bandpass', 800, 9),
    gusts: createNoise(createRng(seed, 'gusts')),
    level,
  }
  await inChunks(sound.left.length, (from, to) => blowBlocks(sound, wind, from, to))
}
