import { BasicMIDI } from 'spessasynth_core'
import { describe, expect, it } from 'vitest'
import { parseScene } from '../scene.js'
import { composeMusic } from './compose.js'
import { writeMidi } from './midi-file.js'
import { MODES, MOOD_MUSIC } from './moods.js'

describe('composeMusic', () => {
  it.each([
    ['a calm lake', 5],
    ['a joyful festival', 4],
    ['a tense chase at night, fast', 12],
    ['an epic mountain vista', 7],
    ['a melancholic rainy day, slow', 15],
    ['a mysterious fog', 6],
  ])(
    'fits whole beats to %j (%d s) and ends on the tonic chord at the last frame',
    (prompt, seconds) => {
      const scene = parseScene(prompt, 5)
      const score = composeMusic(scene, seconds, 5)
      expect((score.bpm * seconds) / 60).toBeCloseTo(score.beats, 6)
      expect(score.bpm).toBeGreaterThan(MOOD_MUSIC[scene.mood].bpm * 0.75)
      expect(score.bpm).toBeLessThan(MOOD_MUSIC[scene.mood].bpm * 1.4)
      expect(score.body).toBeLessThan(score.ending)
      const notes = score.parts.flatMap((p) => p.notes.map((n) => ({ ...n, channel: p.channel })))
      for (const n of notes) expect(n.beat + n.beats).toBeLessThanOrEqual(score.beats + 1e-9)
      // The last chord: struck on the ending beat and held to the end, its bass the tonic.
      const bass = score.parts.find((p) => p.name === 'bass')!.notes.at(-1)!
      expect(bass).toMatchObject({ beat: score.ending, beats: score.beats - score.ending })
      const [key, mode] = score.key.split(' ') as [string, keyof typeof MODES]
      expect(mode).toBe(MOOD_MUSIC[scene.mood].mode)
      const names = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B']
      expect(names[bass.pitch % 12]).toBe(key)
      // The pulse sounds on every beat before the ending.
      const pulse = new Set(score.parts.find((p) => p.name === 'pulse')!.notes.map((n) => n.beat))
      for (let beat = 0; beat < score.ending; beat++) expect(pulse.has(beat)).toBe(true)
    },
  )

  it('writes a MIDI file that reads back with every note, the tempo and the length', () => {
    const score = composeMusic(parseScene('a joyful parade', 3), 6, 3)
    const midi = BasicMIDI.fromArrayBuffer(writeMidi(score).slice().buffer)
    const noteOns = midi.tracks.flatMap((t) =>
      [...t.events].filter((e) => (e.statusByte & 0xf0) === 0x90 && e.data[1]! > 0),
    )
    expect(noteOns.length).toBe(score.parts.reduce((sum, p) => sum + p.notes.length, 0))
    expect(midi.tracks.length).toBe(score.parts.length)
    expect(midi.midiTicksToSeconds(128 * score.beats)).toBeCloseTo(6, 3)
    expect(midi.duration).toBeCloseTo(6, 2)
  })
})
