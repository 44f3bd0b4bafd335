import type { Mood } from '../scene.js'

/** Scale steps of the modes the music uses, in semitones from the tonic. */
export const MODES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
} as const

/** How each mood sounds (draft-engine.md "Music"): key, mode, tempo and a chord loop. */
export interface MoodMusic {
  /** MIDI note of the tonic. */
  tonic: number
  mode: keyof typeof MODES
  bpm: number
  /** Scale degrees (0 = tonic) of the chords, one per bar, looped; the clip ends on the tonic. */
  progression: number[]
  /** Harmonics in the pad: more is brighter. */
  brightness: number
  /** A soft kick on the beat. */
  pulse: boolean
  /** A bell melody from chord tones. */
  bells: boolean
}

/** The music table, one row per mood. */
export const MOOD_MUSIC: Record<Mood, MoodMusic> = {
  calm: {
    tonic: 62,
    mode: 'lydian',
    bpm: 66,
    progression: [0, 4, 5, 3],
    brightness: 3,
    pulse: false,
    bells: true,
  },
  joyful: {
    tonic: 67,
    mode: 'major',
    bpm: 104,
    progression: [0, 3, 4, 0, 5, 3, 4, 4],
    brightness: 6,
    pulse: true,
    bells: true,
  },
  tense: {
    tonic: 57,
    mode: 'minor',
    bpm: 92,
    progression: [0, 0, 5, 4],
    brightness: 7,
    pulse: true,
    bells: false,
  },
  melancholic: {
    tonic: 64,
    mode: 'minor',
    bpm: 64,
    progression: [0, 5, 2, 6],
    brightness: 3,
    pulse: false,
    bells: true,
  },
  epic: {
    tonic: 60,
    mode: 'minor',
    bpm: 80,
    progression: [0, 5, 2, 6],
    brightness: 8,
    pulse: true,
    bells: false,
  },
  mysterious: {
    tonic: 62,
    mode: 'dorian',
    bpm: 70,
    progression: [0, 1, 0, 6],
    brightness: 4,
    pulse: false,
    bells: true,
  },
}
