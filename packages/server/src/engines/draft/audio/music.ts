import type { Scene } from '../scene.js'
import { composeMusic, type Score } from './compose.js'
import { writeMidi } from './midi-file.js'
import { pace } from '../pace.js'
import { renderMidi } from './soundfont.js'
import type { Stereo } from './wav.js'

/** The clip's music: what was composed, the MIDI file written for it and how it sounds. */
export interface Music {
  score: Score
  midi: Uint8Array
  sound: Stereo
}

/**
 * Music for the scene (issue 4, "Music"): composed for the mood and tempo, written as MIDI with
 * midi-writer-js and played through the General MIDI SoundFont by spessasynth_core.
 */
export async function renderMusic(scene: Scene, duration: number, seed: number): Promise<Music> {
  const score = composeMusic(scene, duration, seed)
  await pace()
  const midi = writeMidi(score)
  await pace()
  return { score, midi, sound: await renderMidi(midi, duration) }
}
