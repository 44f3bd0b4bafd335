import { createNoise, type Noise } from '../noise.js'
import { createRng, type Rng } from '../prng.js'
import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

const BLOCK = 256

/** A snap ringing: a damped sine by recurrence. */
interface Snap {
  y1: number
  y2: number
  k: number
  decay: number
  l: number
  r: number
}

/** The fire's sources, filters and snaps, and when the next snap comes, chunk to chunk. */
interface Fire {
  rng: Rng
  noise: () => number
  roar: Biquad
  hiss: Biquad
  flicker: Noise
  snaps: Snap[]
  next: number
  burst: number
  level: number
}

function burnBlocks(sound: Stereo, fire: Fire, from: number, to: number): void {
  const { rng, noise, roar, hiss, flicker, snaps, level } = fire
  const { left, right } = sound
  let { next, burst } = fire
  for (let start = from; start < to; start += BLOCK) {
    const t = start / SAMPLE_RATE
    const glow = 0.5 + flicker.fractal1(t * 3, 3)
    const end = Math.min(left.length, start + BLOCK)
    for (let i = start; i < end; i++) {
      if (i >= next) {
        const pop = rng.chance(0.06)
        const slot = snaps[burst++ & 3]!
        const w = (2 * Math.PI * (pop ? rng.range(250, 800) : rng.range(1500, 6000))) / SAMPLE_RATE
        const amp = (pop ? 0.9 : 0.5) * rng.next() ** 3
        slot.k = 2 * Math.cos(w)
        slot.y1 = amp * Math.sin(w)
        slot.y2 = 0
        slot.decay = 1 - 1 / (pop ? rng.range(600, 1200) : rng.range(40, 200))
        const pan = rng.next()
        slot.l = Math.sqrt(1 - pan)
        slot.r = Math.sqrt(pan)
        // Snaps come in clusters (a few ms apart) about a dozen times a second.
        next =
          i +
          Math.floor(
            SAMPLE_RATE * (rng.chance(0.6) ? rng.range(0.002, 0.015) : rng.range(0.02, 0.16)),
          )
      }
      const n = noise()
      const bed = roar.run(n) * 2.2 * glow + hiss.run(n) * 0.04
      let l = bed
      let r = bed
      for (const s of snaps) {
        if (s.y1 === 0 && s.y2 === 0) continue
        const y = (s.k * s.y1 - s.y2) * s.decay
        s.y2 = s.y1 * s.decay
        s.y1 = y
        l += y * s.l
        r += y * s.r
      }
      left[i]! += l * level
      right[i]! += r * level
    }
  }
  fire.next = next
  fire.burst = burst
}

/**
 * A fire (draft-engine.md: crackle impulses over low rumble): the roar of the flames as
 * low-passed noise that flickers, a faint hiss, and crackles: clusters of tiny resonant snaps
 * with heavy-tailed loudness, plus the odd deeper pop of a splitting log. Paced (pace.ts).
 */
export async function addFire(sound: Stereo, seed: number, level: number): Promise<void> {
  const rng = createRng(seed, 'fire')
  const fire: Fire = {
    rng,
    noise: createWhiteNoise(seed ^ 0x7f4a7c15),
    roar: new Biquad('lowpass', 180, 0.8),
    hiss: new Biquad('highpass', 3500, 0.7),
    flicker: createNoise(rng),
    // Up to four snaps ring at once.
    snaps: Array.from({ length: 4 }, () => ({ y1: 0, y2: 0, k: 0, decay: 0, l: 0, r: 0 })),
    next: 0,
    burst: 0,
    level,
  }
  await inChunks(sound.left.length, (from, to) => burnBlocks(sound, fire, from, to))
}
