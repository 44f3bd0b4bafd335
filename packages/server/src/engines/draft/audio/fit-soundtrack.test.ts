import { describe, expect, it } from 'vitest'
import { fitSoundtrack } from './fit-soundtrack.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'

const constant = (seconds: number, value: number): Stereo => {
  const left = new Float32Array(Math.round(seconds * SAMPLE_RATE)).fill(value)
  return { left, right: left.slice() }
}
const at = (sound: Stereo, seconds: number) => sound.left[Math.round(seconds * SAMPLE_RATE)]!

describe('fitSoundtrack', () => {
  it('lasts exactly as long as the clip, whatever the sound', () => {
    for (const clips of [
      [constant(1, 0.5)],
      [constant(3, 0.5)],
      [constant(1, 0.5), constant(2, 0.5)],
    ]) {
      expect(fitSoundtrack(clips, 2).left.length).toBe(2 * SAMPLE_RATE)
    }
  })

  it('cuts a longer sound with a fade out and leaves the rest untouched', () => {
    const out = fitSoundtrack([constant(3, 0.5)], 2)
    expect(at(out, 1)).toBeCloseTo(0.5)
    expect(at(out, 1.75)).toBeCloseTo(0.25, 1)
    expect(out.left.at(-1)!).toBeCloseTo(0, 2)
  })

  it('loops a shorter sound with crossfades that keep a steady level', () => {
    const out = fitSoundtrack([constant(1, 0.5)], 2.5)
    for (const t of [0.5, 0.8, 0.9, 1.2, 1.6, 1.9]) expect(at(out, t)).toBeCloseTo(0.5, 2)
  })

  it('overlaps joined clips by a crossfade', () => {
    // 1 s + 1 s overlapping by 0.25 s: 1.75 s, and the level holds through the join.
    const out = fitSoundtrack([constant(1, 0.5), constant(1, 0.5)], 1.75, 0.25)
    for (const t of [0.5, 0.8, 0.875, 0.95, 1.2]) expect(at(out, t)).toBeCloseTo(0.5, 2)
  })
})
