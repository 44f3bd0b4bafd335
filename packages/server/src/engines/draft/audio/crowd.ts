import { createRng, type Rng } from '../prng.js'
import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { TABLE_SIZE, lookup, wavetable } from './wavetable.js'
import { createWhiteNoise } from './white-noise.js'

/** A buzzy glottal source: many falling partials. */
const BUZZ = wavetable(Array.from({ length: 12 }, (_, h) => 1 / (h + 1)))
/** First and second formants of a few vowels (a, e, i, o, u, schwa), Hz. */
const VOWELS = [
  [730, 1090],
  [530, 1840],
  [300, 2200],
  [570, 840],
  [440, 1020],
  [500, 1500],
] as const
const TALKERS = 5
const BLOCK = 256

/** One talker of the crowd: a voice, its filters and where it is in its phrase, chunk to chunk. */
interface Talker {
  v: number
  rng: Rng
  noise: () => number
  f1: Biquad
  f2: Biquad
  pitch: number
  gl: number
  gr: number
  phase: number
  syllableEnd: number
  loud: number
  target: number
}

function talkBlocks(sound: Stereo, talker: Talker, from: number, to: number): void {
  const { v, rng, noise, f1, f2, pitch, gl, gr } = talker
  const { left, right } = sound
  let { phase, syllableEnd, loud, target } = talker
  for (let start = from; start < to; start += BLOCK) {
    if (start >= syllableEnd) {
      const pause = rng.chance(0.12)
      const [a, b] = rng.pick(VOWELS)
      f1.set('bandpass', a * rng.range(0.9, 1.1), 5)
      f2.set('bandpass', b * rng.range(0.9, 1.1), 6)
      target = pause ? 0 : rng.range(0.5, 1)
      syllableEnd =
        start + Math.floor(SAMPLE_RATE * (pause ? rng.range(0.3, 0.9) : rng.range(0.12, 0.26)))
    }
    const step = (pitch * (1 + 0.04 * Math.sin(start / 9000 + v)) * TABLE_SIZE) / SAMPLE_RATE
    const end = Math.min(left.length, start + BLOCK)
    for (let i = start; i < end; i++) {
      loud += (target - loud) * 0.002
      phase += step
      if (phase >= TABLE_SIZE) phase -= TABLE_SIZE
      const source = lookup(BUZZ, phase) * 0.4 + noise() * 0.5
      const s = (f1.run(source) + f2.run(source) * 0.6) * loud
      left[i]! += s * gl
      right[i]! += s * gr
    }
  }
  Object.assign(talker, { phase, syllableEnd, loud, target })
}

/**
 * Crowd murmur (draft-engine.md: many detuned noisy formants): a few talkers, each a breathy buzz
 * at its own pitch through two formant filters that jump from vowel to vowel every syllable, with
 * pauses between phrases, spread across the stereo field. Too many voices to follow any one.
 * Paced (pace.ts).
 */
export async function addCrowd(sound: Stereo, seed: number, level: number): Promise<void> {
  const rng = createRng(seed, 'crowd')
  for (let v = 0; v < TALKERS; v++) {
    const noise = createWhiteNoise(seed + v * 7919)
    const f1 = new Biquad('bandpass', 500, 5)
    const f2 = new Biquad('bandpass', 1500, 6)
    const pitch = rng.range(95, 240)
    const pan = rng.range(0.1, 0.9)
    const talker: Talker = {
      v,
      rng,
      noise,
      f1,
      f2,
      pitch,
      gl: Math.sqrt(1 - pan) * level,
      gr: Math.sqrt(pan) * level,
      phase: rng.range(0, TABLE_SIZE),
      syllableEnd: 0,
      loud: 0,
      target: 0,
    }
    await inChunks(sound.left.length, (from, to) => talkBlocks(sound, talker, from, to))
  }
}
