import { createRng, type Rng } from '../prng.js'
import type { Scene } from '../scene.js'
import { MODES, MOOD_MUSIC, type MoodMusic } from './moods.js'

/** One note: MIDI pitch, start and length in beats, velocity 1 … 100 (midi-writer-js's scale). */
export interface ScoreNote {
  pitch: number
  beat: number
  beats: number
  velocity: number
}

/** One instrument's line; channel 10 is General MIDI percussion. */
export interface Part {
  name: string
  /** General MIDI program, 0-based (ignored on channel 10). */
  program: number
  /** MIDI channel, 1 … 16. */
  channel: number
  notes: ScoreNote[]
}

/** A short piece that lasts exactly the clip: its key, tempo, shape and parts. */
export interface Score {
  /** Beats per minute, fitted so that a whole number of beats spans the clip. */
  bpm: number
  /** Total beats: the last one ends on the clip's last frame. */
  beats: number
  /** "D lydian", for the task notes and the docs. */
  key: string
  /** Beat where the body starts (after the intro) and where the final chord is struck. */
  body: number
  ending: number
  parts: Part[]
}

const NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B']
const TEMPO_FACTOR = { slow: 0.9, medium: 1, fast: 1.15 } as const
/** General MIDI percussion keys. */
const KICK = 36
const SNARE = 38
const HAT = 42
const CRASH = 49
const FLOOR_TOM = 41
/** Melody rhythms for one bar, in beats. */
const RHYTHMS = [
  [1, 1, 2],
  [2, 1, 1],
  [1, 1, 1, 1],
  [2, 2],
  [1.5, 0.5, 2],
  [3, 1],
]

/**
 * Composes the music for the scene's mood and tempo (draft-engine.md "Music", issue 4): key,
 * mode, chords and band from the mood table, tempo from the mood and the prompt's tempo words,
 * fitted so that whole beats fill the clip. The piece has an intro (pad and pulse), a body (bass,
 * tune and drums join; the last two beats are the dominant) and an ending: the tonic chord struck
 * by the whole band and held through the last frame. The pulse part sounds on every beat, so the
 * beat can be heard (and measured) in every mood.
 */
export function composeMusic(scene: Scene, duration: number, seed: number): Score {
  const mood = MOOD_MUSIC[scene.mood]
  const rng = createRng(seed, 'music')
  const tonic = mood.tonic + rng.int(-2, 2)
  const beats = Math.max(4, Math.round((duration * mood.bpm * TEMPO_FACTOR[scene.tempo]) / 60))
  const ending = beats - (beats >= 12 ? 4 : 2)
  const body = beats >= 16 ? 4 : beats >= 8 ? 2 : 1
  const scale = MODES[mood.mode]
  const pitch = (degree: number, octave = 0) =>
    tonic + scale[((degree % 7) + 7) % 7]! + 12 * (Math.floor(degree / 7) + octave)
  const chordAt = (beat: number) => {
    if (beat >= ending) return 0
    if (beat >= ending - 2 && ending >= 4) return 4
    return mood.progression[Math.floor(beat / 4) % mood.progression.length]!
  }
  const part = (name: string, program: number, channel: number): Part => ({
    name,
    program,
    channel,
    notes: [],
  })
  const pad = part('pad', mood.band.pad, 1)
  const pulse = part('pulse', mood.band.pulse, 2)
  const bass = part('bass', mood.band.bass, 3)
  const lead = part('lead', mood.band.lead, 4)
  const drums = part('drums', 0, 10)
  const tail = beats - ending

  for (let beat = 0; beat < ending;) {
    const root = chordAt(beat)
    let span = 1
    while (beat + span < ending && chordAt(beat + span) === root) span++
    for (const d of [root, root + 2, root + 4]) {
      pad.notes.push({ pitch: pitch(d, -1), beat, beats: span, velocity: 48 })
    }
    beat += span
  }
  for (const d of [0, 2, 4, 7]) {
    pad.notes.push({ pitch: pitch(d, -1), beat: ending, beats: tail, velocity: 58 })
  }

  const steps = mood.subdivision
  for (let beat = 0; beat < ending; beat++) {
    const root = chordAt(beat)
    for (let k = 0; k < steps; k++) {
      const tone = [0, 2, 4, 7][(beat * steps + k) % 4]!
      pulse.notes.push({
        pitch: pitch(root + tone),
        beat: beat + k / steps,
        beats: 0.9 / steps,
        velocity: k > 0 ? 50 : beat % 4 === 0 ? 86 : 72,
      })
    }
  }
  for (const d of [0, 4, 7])
    pulse.notes.push({ pitch: pitch(d), beat: ending, beats: tail, velocity: 80 })

  const bassEvery = mood.drums === 'drive' ? 1 : 2
  for (let beat = body; beat < ending; beat += bassEvery) {
    bass.notes.push({ pitch: pitch(chordAt(beat), -2), beat, beats: bassEvery * 0.9, velocity: 75 })
  }
  bass.notes.push({ pitch: pitch(0, -2), beat: ending, beats: tail, velocity: 80 })

  lead.notes.push(...melody(rng, body, ending, chordAt, pitch))
  lead.notes.push({ pitch: pitch(7), beat: ending, beats: tail, velocity: 70 })

  if (mood.drums) drums.notes.push(...drumPattern(mood.drums, body, ending, tail))
  const parts = [pad, pulse, bass, lead, ...(mood.drums ? [drums] : [])]
  const key = `${NAMES[tonic % 12]} ${mood.mode}`
  return { bpm: (beats * 60) / duration, beats, key, body, ending, parts }
}

/**
 * A tune over the body: bar rhythms from a small table, pitches by a seeded walk on the scale
 * that lands on a chord tone at the start of every note longer than a beat and on the dominant's
 * root at the end, so that the final chord resolves it.
 */
function melody(
  rng: Rng,
  from: number,
  to: number,
  chordAt: (beat: number) => number,
  pitch: (degree: number, octave?: number) => number,
): ScoreNote[] {
  const notes: ScoreNote[] = []
  let degree = 7 + rng.pick([0, 2, 4])
  for (let bar = from; bar < to; bar += 4) {
    let beat = bar
    for (const length of rng.pick(RHYTHMS)) {
      if (beat >= to) break
      const beats = Math.min(length, to - beat)
      const root = chordAt(Math.floor(beat))
      if (beats > 1 || beat + beats >= to) {
        const tones = [root, root + 2, root + 4, root + 7].filter((t) => Math.abs(t - degree) <= 4)
        degree = tones.length > 0 ? rng.pick(tones) : root + 7
      } else {
        degree += rng.pick([-2, -1, -1, 1, 1, 2])
      }
      degree = Math.min(12, Math.max(3, degree))
      notes.push({ pitch: pitch(degree), beat, beats: beats * 0.95, velocity: rng.int(62, 76) })
      beat += length
    }
  }
  return notes
}

/** A drum part for the body and a crash with the final chord. */
function drumPattern(
  kind: NonNullable<MoodMusic['drums']>,
  from: number,
  to: number,
  tail: number,
): ScoreNote[] {
  const notes: ScoreNote[] = []
  const hit = (pitch: number, beat: number, velocity: number) =>
    notes.push({ pitch, beat, beats: 0.25, velocity })
  for (let beat = from; beat < to; beat++) {
    const inBar = beat % 4
    if (kind === 'pop') {
      hit(inBar % 2 === 0 ? KICK : SNARE, beat, 80)
      hit(HAT, beat, 55)
      hit(HAT, beat + 0.5, 40)
    } else if (kind === 'drive') {
      hit(KICK, beat, 85)
      if (inBar % 2 === 1) hit(SNARE, beat, 60)
      for (const k of [0.25, 0.5, 0.75]) hit(HAT, beat + k, 35)
    } else {
      hit(FLOOR_TOM, beat, inBar === 0 ? 95 : 70)
      if (inBar === 0) hit(KICK, beat, 90)
    }
  }
  notes.push({ pitch: CRASH, beat: to, beats: tail, velocity: 80 })
  notes.push({ pitch: KICK, beat: to, beats: 0.5, velocity: 90 })
  return notes
}
