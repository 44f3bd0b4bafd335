import type { Mood } from '../scene.js'

/** Scale steps of the modes the music uses, in semitones from the tonic. */
export const MODES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
} as const

/** General MIDI programs (0-based) of the four pitched parts. */
export interface Band {
  /** Sustained chords. */
  pad: number
  /** Chord tones on every beat or half beat: the pulse you can tap to. */
  pulse: number
  bass: number
  /** The tune, in the body of the piece only. */
  lead: number
}

/** How each mood sounds (draft-engine.md "Music"): key, mode, tempo, chords and band. */
export interface MoodMusic {
  /** MIDI note of the tonic (middle C = 60). */
  tonic: number
  mode: keyof typeof MODES
  bpm: number
  /** Scale degrees (0 = tonic) of the chords, one per bar, looped; the piece ends V → I. */
  progression: number[]
  band: Band
  /** Pulse notes per beat: 1 for quarter notes, 2 for eighths. */
  subdivision: 1 | 2
  /** Drum kit pattern on channel 10, if any. */
  drums?: 'pop' | 'drive' | 'toms'
}

/** The music table, one row per mood. */
export const MOOD_MUSIC: Record<Mood, MoodMusic> = {
  calm: {
    tonic: 62,
    mode: 'lydian',
    bpm: 68,
    progression: [0, 4, 5, 3],
    band: { pad: 89, pulse: 46, bass: 32, lead: 73 },
    subdivision: 2,
  },
  joyful: {
    tonic: 67,
    mode: 'major',
    bpm: 108,
    progression: [0, 3, 4, 0, 5, 3, 4, 4],
    band: { pad: 48, pulse: 0, bass: 33, lead: 12 },
    subdivision: 2,
    drums: 'pop',
  },
  tense: {
    tonic: 57,
    mode: 'minor',
    bpm: 96,
    progression: [0, 0, 5, 4],
    band: { pad: 44, pulse: 45, bass: 38, lead: 68 },
    subdivision: 2,
    drums: 'drive',
  },
  melancholic: {
    tonic: 64,
    mode: 'minor',
    bpm: 66,
    progression: [0, 5, 2, 6],
    band: { pad: 49, pulse: 0, bass: 42, lead: 40 },
    subdivision: 1,
  },
  epic: {
    tonic: 60,
    mode: 'minor',
    bpm: 84,
    progression: [0, 5, 2, 6],
    band: { pad: 48, pulse: 61, bass: 58, lead: 60 },
    subdivision: 1,
    drums: 'toms',
  },
  mysterious: {
    tonic: 62,
    mode: 'dorian',
    bpm: 72,
    progression: [0, 1, 0, 6],
    band: { pad: 94, pulse: 8, bass: 32, lead: 11 },
    subdivision: 2,
  },
}

/** Names of the General MIDI programs the bands use, for the task notes and the docs. */
export const PROGRAM_NAMES: Record<number, string> = {
  0: 'piano',
  8: 'celesta',
  11: 'vibraphone',
  12: 'marimba',
  32: 'acoustic bass',
  33: 'electric bass',
  38: 'synth bass',
  40: 'violin',
  42: 'cello',
  44: 'tremolo strings',
  45: 'pizzicato strings',
  46: 'harp',
  48: 'strings',
  49: 'slow strings',
  58: 'tuba',
  60: 'french horn',
  61: 'brass section',
  68: 'oboe',
  73: 'flute',
  89: 'warm pad',
  94: 'halo pad',
}
