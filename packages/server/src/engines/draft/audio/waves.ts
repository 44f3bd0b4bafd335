import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

const BLOCK = 256

/** The surf's sources, filters and the swell at the previous block. */
interface Surf {
  noiseL: () => number
  noiseR: () => number
  lowL: Biquad
  lowR: Biquad
  hiss: Biquad
  swell: (t: number) => number
  previous: number
  level: number
}

function surfBlocks(sound: Stereo, surf: Surf, from: number, to: number): void {
  const { noiseL, noiseR, lowL, lowR, hiss, swell, level } = surf
  const { left, right } = sound
  let previous = surf.previous
  for (let start = from; start < to; start += BLOCK) {
    const s = swell(start / SAMPLE_RATE)
    const falling = Math.max(0, previous - s) * 400
    previous = s
    const cutoff = 250 + 1400 * s * s
    lowL.set('lowpass', cutoff, 0.7)
    lowR.set('lowpass', cutoff * 1.1, 0.7)
    const gain = (0.25 + 0.9 * s * s) * level
    const wash = Math.min(1, falling) * 0.5 * level
    const end = Math.min(left.length, start + BLOCK)
    for (let i = start; i < end; i++) {
      const l = noiseL()
      const h = hiss.run(l) * wash
      left[i]! += lowL.run(l) * gain * 1.8 + h
      right[i]! += lowR.run(noiseR()) * gain * 1.8 + h * 0.9
    }
  }
  surf.previous = previous
}

/**
 * Sea waves: noise shaped by the same swell the picture's surf follows (draft-engine.md: a 6-10 s
 * swell envelope): the roar grows and brightens as a wave builds, then a hissing wash as it breaks.
 * Paced (pace.ts).
 */
export async function addWaves(
  sound: Stereo,
  seed: number,
  level: number,
  swell: (t: number) => number,
): Promise<void> {
  const surf: Surf = {
    noiseL: createWhiteNoise(seed ^ 0x2545f491),
    noiseR: createWhiteNoise(seed ^ 0x6c8e9cf5),
    lowL: new Biquad('lowpass', 500, 0.7),
    lowR: new Biquad('lowpass', 500, 0.7),
    hiss: new Biquad('highpass', 2500, 0.7),
    swell,
    previous: swell(0),
    level,
  }
  await inChunks(sound.left.length, (from, to) => surfBlocks(sound, surf, from, to))
}
