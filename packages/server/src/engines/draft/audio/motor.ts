import type { TrainPass } from '../timeline.js'
import { Biquad } from './biquad.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { SINE, TABLE_SIZE, lookup, wavetable } from './wavetable.js'
import { createWhiteNoise } from './white-noise.js'

/** A combustion engine's note: the firing frequency and falling harmonics. */
const FIRING = wavetable([1, 0.7, 0.45, 0.3, 0.2, 0.12])
const BLOCK = 128

/** Where an engine is and how loud, per moment: gain 0 … 1 and pan 0 (left) … 1 (right). */
type Presence = (t: number) => { gain: number; pan: number }

/** One engine's sources and where its two oscillators are, chunk to chunk. */
interface EngineNote {
  noise: () => number
  rumble: Biquad
  /** Table steps per sample at the firing rate. */
  step: number
  presence: Presence
  level: number
  phase: number
  throb: number
}

function runBlocks(sound: Stereo, note: EngineNote, from: number, to: number): void {
  const { noise, rumble, step, presence, level } = note
  const { left, right } = sound
  let { phase, throb } = note
  for (let start = from; start < to; start += BLOCK) {
    const { gain, pan } = presence(start / SAMPLE_RATE)
    if (gain < 0.005) continue
    const gl = gain * level * Math.sqrt(1 - pan)
    const gr = gain * level * Math.sqrt(pan)
    const end = Math.min(left.length, start + BLOCK)
    for (let i = start; i < end; i++) {
      phase += step
      if (phase >= TABLE_SIZE) phase -= TABLE_SIZE
      throb += step / 2
      if (throb >= TABLE_SIZE) throb -= TABLE_SIZE
      const beat = 0.75 + 0.25 * lookup(SINE, throb)
      const s = (lookup(FIRING, phase) * 0.35 + rumble.run(noise()) * 1.6) * beat
      left[i]! += s * gl
      right[i]! += s * gr
    }
  }
  note.phase = phase
  note.throb = throb
}

/**
 * One engine: a harmonic note at its firing rate, throbbing with each firing, over low-passed
 * rumble, placed by `presence` (updated every 128 samples). Paced (pace.ts).
 */
async function addEngineNote(
  sound: Stereo,
  seed: number,
  level: number,
  firing: number,
  presence: Presence,
): Promise<void> {
  const note: EngineNote = {
    noise: createWhiteNoise(seed),
    rumble: new Biquad('lowpass', 220, 0.9),
    step: (firing * TABLE_SIZE) / SAMPLE_RATE,
    presence,
    level,
    phase: 0,
    // The throb runs at half the firing rate: a four-stroke engine fires each cylinder every other turn.
    throb: 0,
  }
  await inChunks(sound.left.length, (from, to) => runBlocks(sound, note, from, to))
}

/**
 * A motor heard throughout (an engine the prompt names: a boat's, a truck's, a generator): a
 * steady diesel idle just right of centre.
 */
export async function addMotor(sound: Stereo, seed: number, level: number): Promise<void> {
  await addEngineNote(sound, seed ^ 0x1b873593, level, 38, () => ({ gain: 1, pan: 0.55 }))
}

/**
 * The train the picture shows crossing (timeline.ts): a diesel locomotive that swells as it comes
 * into view and pans with it, then the wheels' clickety-clack at the rail joints while the cars
 * roll past, fading as the tail leaves.
 */
export async function addTrain(
  sound: Stereo,
  seed: number,
  level: number,
  train: TrainPass,
): Promise<void> {
  // 0 at the head entering, 1 at the tail leaving; the locomotive is near the head.
  const progress = (t: number) => (t - train.enter) / train.crossing
  const side = (x: number) => 0.5 + 0.4 * Math.tanh((x - 0.5) * 3) * train.dir
  await addEngineNote(sound, seed ^ 0x85ebca6b, level, 28, (t) => {
    const head = progress(t) * 1.4
    return { gain: 1 / (1 + ((head - 0.5) * 3) ** 2), pan: side(head) }
  })
  addClacks(sound, seed, level, train, progress, side)
}

/** The wheels' clickety-clack at the rail joints (a few milliseconds of work in all). */
function addClacks(
  sound: Stereo,
  seed: number,
  level: number,
  train: TrainPass,
  progress: (t: number) => number,
  side: (x: number) => number,
): void {
  const noise = createWhiteNoise(seed ^ 0xcc9e2d51)
  const click = new Biquad('bandpass', 2800, 1.5)
  const gap = train.crossing / 14
  const length = Math.floor(0.03 * SAMPLE_RATE)
  for (let t = train.enter; t < train.enter + train.crossing; t += gap) {
    for (const at of [t, t + gap * 0.18]) {
      const p = progress(at)
      const gain = level * 0.6 * Math.min(1, p * 6, (1 - p) * 6)
      const pan = side(p)
      const start = Math.floor(at * SAMPLE_RATE)
      for (let j = 0; j < length && start + j < sound.left.length; j++) {
        if (start + j < 0) continue
        const s = click.run(noise()) * Math.exp(-j / 200) * 3 * gain
        sound.left[start + j]! += s * Math.sqrt(1 - pan)
        sound.right[start + j]! += s * Math.sqrt(pan)
      }
    }
  }
}
