import type { Speaker } from './dialogue.js'

/** How a speaker sounds in eSpeak NG's SSML: a voice variant of the line's language, then prosody. */
export interface Voice {
  /**
   * SSML `variant` of the language's voice: 1, 2 and 6 are male (6 the deepest), 3 and 5 female.
   * Chosen by number, not by `gender` and `age`, which make eSpeak pick among variants at random.
   */
  variant: number
  /** Pitch change in percent of the variant's own. */
  pitch: number
  /** Speaking rate as a factor of eSpeak's default (175 words a minute). */
  rate: number
}

/**
 * One voice per speaker (draft-engine.md "Speech": voice by cue, rate, pitch): a child is high
 * and quick, the old speak lower and slower, the narrator is deep and measured.
 */
export const VOICES: Record<Speaker, Voice> = {
  man: { variant: 1, pitch: 0, rate: 1 },
  woman: { variant: 3, pitch: 0, rate: 1 },
  child: { variant: 5, pitch: 40, rate: 1.08 },
  'old-man': { variant: 6, pitch: -8, rate: 0.85 },
  'old-woman': { variant: 3, pitch: -12, rate: 0.85 },
  narrator: { variant: 2, pitch: -15, rate: 0.92 },
}
