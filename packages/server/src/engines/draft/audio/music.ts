import { createRng } from '../prng.js'
import type { Scene } from '../scene.js'
import { MODES, MOOD_MUSIC } from './moods.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { TABLE_SIZE, lookup, wavetable } from './wavetable.js'

/** A soft saw with `harmonics` partials falling as 1/h^1.3: the pad voice. */
const softSaw = (harmonics: number): Float32Array =>
  wavetable(Array.from({ length: harmonics }, (_, h) => 0.6 / (h + 1) ** 1.3))

const hz = (midi: number): number => 440 * 2 ** ((midi - 69) / 12)

/** Adds a note from a wavetable with a linear attack and release (samples clipped to the clip). */
function note(
  sound: Stereo,
  table: Float32Array,
  freq: number,
  start: number,
  length: number,
  attack: number,
  release: number,
  gain: number,
  pan: number,
): void {
  const n = sound.left.length
  const from = Math.max(0, Math.floor(start * SAMPLE_RATE))
  const to = Math.min(n, Math.floor((start + length + release) * SAMPLE_RATE))
  const step = (freq * TABLE_SIZE) / SAMPLE_RATE
  const a = attack * SAMPLE_RATE
  const end = (start + length) * SAMPLE_RATE
  const r = release * SAMPLE_RATE
  const gl = gain * Math.sqrt(1 - pan)
  const gr = gain * Math.sqrt(pan)
  let phase = ((from - start * SAMPLE_RATE) * step) % TABLE_SIZE
  if (phase < 0) phase += TABLE_SIZE
  for (let i = from; i < to; i++) {
    const k = i - start * SAMPLE_RATE
    const env = k < a ? k / a : i < end ? 1 : Math.max(0, 1 - (i - end) / r)
    const v = lookup(table, phase) * env
    phase += step
    if (phase >= TABLE_SIZE) phase -= TABLE_SIZE
    sound.left[i]! += v * gl
    sound.right[i]! += v * gr
  }
}

/** A plucked or struck tone decaying exponentially (bass, bells), with an optional pitch drop (kick). */
function strike(
  sound: Stereo,
  freq: number,
  start: number,
  decay: number,
  gain: number,
  pan: number,
  drop = 0,
): void {
  const from = Math.floor(start * SAMPLE_RATE)
  const to = Math.min(sound.left.length, from + Math.floor(decay * 4 * SAMPLE_RATE))
  const fade = Math.exp(-1 / (decay * SAMPLE_RATE))
  // Short ramps in and out: a cut tail (even at 2 % of the peak) clicks.
  const tail = Math.max(1, (to - from) * 0.15)
  const gl = gain * Math.sqrt(1 - pan)
  const gr = gain * Math.sqrt(pan)
  let env = 1
  if (drop === 0) {
    // Fundamental and octave by the sine recurrence: no Math.sin per sample.
    const w = (2 * Math.PI * freq) / SAMPLE_RATE
    const k1 = 2 * Math.cos(w)
    const k2 = 2 * Math.cos(2 * w)
    let a1 = Math.sin(w)
    let a2 = 0
    let b1 = Math.sin(2 * w)
    let b2 = 0
    for (let i = from; i < to; i++) {
      const a = k1 * a1 - a2
      a2 = a1
      a1 = a
      const b = k2 * b1 - b2
      b2 = b1
      b1 = b
      const v = (a + 0.3 * b) * env * Math.min(1, (i - from) / 96, (to - i) / tail)
      env *= fade
      sound.left[i]! += v * gl
      sound.right[i]! += v * gr
    }
    return
  }
  let phase = 0
  for (let i = from; i < to; i++) {
    const t = (i - from) / SAMPLE_RATE
    phase += (2 * Math.PI * freq * (1 + drop * Math.exp(-t * 30))) / SAMPLE_RATE
    const v = Math.sin(phase) * env * Math.min(1, (i - from) / 96, (to - i) / tail)
    env *= fade
    sound.left[i]! += v * gl
    sound.right[i]! += v * gr
  }
}

/**
 * A music bed for the mood: pad chords from the mood's progression (additive soft-saw voices,
 * detuned and spread in stereo), a bass on the downbeats, bells on chord tones and a soft pulse for
 * driving moods. The last bar lands on the tonic and rings out to the end of the clip.
 */
export function addMusic(sound: Stereo, scene: Scene, seed: number, level: number): void {
  const mood = MOOD_MUSIC[scene.mood]
  const rng = createRng(seed, 'music')
  const bpm = mood.bpm * (scene.tempo === 'slow' ? 0.88 : scene.tempo === 'fast' ? 1.15 : 1)
  const beat = 60 / bpm
  const bar = beat * 4
  const duration = sound.left.length / SAMPLE_RATE
  const scale = MODES[mood.mode]
  const tonic = mood.tonic + rng.int(-2, 2)
  const degree = (d: number) => tonic + scale[((d % 7) + 7) % 7]! + 12 * Math.floor(d / 7)
  const pad = softSaw(mood.brightness)
  const bars = Math.max(1, Math.ceil(duration / bar))
  for (let b = 0; b < bars; b++) {
    const last = b === bars - 1
    const root = last ? 0 : mood.progression[b % mood.progression.length]!
    const start = b * bar
    const length = last ? duration - start : bar
    for (const [v, d] of [root, root + 2, root + 4].entries()) {
      for (const detune of [-0.004, 0.004]) {
        const pan = 0.5 + detune * 60 + (v - 1) * 0.15
        note(sound, pad, hz(degree(d)) * (1 + detune), start, length, 0.5, 0.6, level * 0.09, pan)
      }
    }
    strike(sound, hz(degree(root) - 24), start, 0.5, level * 0.3, 0.5)
    if (!last && rng.chance(0.5))
      strike(sound, hz(degree(root) - 24), start + beat * 2.5, 0.35, level * 0.2, 0.5)
    for (let k = 0; k < 4 && !last; k++) {
      if (mood.pulse)
        strike(sound, 55, start + k * beat, 0.08, level * (k === 0 ? 0.5 : 0.3), 0.5, 1.5)
      if (mood.bells && rng.chance(0.45)) {
        const tone = degree(root + rng.pick([0, 2, 4, 7])) + 12
        strike(
          sound,
          hz(tone),
          start + k * beat + (rng.chance(0.3) ? beat / 2 : 0),
          0.5,
          level * 0.07,
          rng.range(0.25, 0.75),
        )
      }
    }
  }
}
