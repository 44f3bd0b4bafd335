import { describe, expect, it } from 'vitest'
import { createRng } from '../prng.js'
import { detectBeats } from './beats.js'

const RATE = 48_000

/** A click track: a short decaying noise burst on every beat, over a quiet hum. */
function clicks(seconds: number, bpm: number, first: number): Float32Array {
  const out = new Float32Array(seconds * RATE)
  const rng = createRng(1, 'clicks')
  for (let i = 0; i < out.length; i++) out[i] = 0.05 * Math.sin((2 * Math.PI * 110 * i) / RATE)
  for (let t = first; t < seconds; t += 60 / bpm) {
    const at = Math.round(t * RATE)
    for (let i = 0; i < 2400 && at + i < out.length; i++) {
      out[at + i]! += (rng.next() * 2 - 1) * 0.8 * Math.exp(-i / 400)
    }
  }
  return out
}

describe('detectBeats', () => {
  it('finds the tempo and the beat times of a click track within 25 ms', () => {
    const beats = detectBeats(clicks(6, 120, 0.3), RATE)
    expect(beats.tempo).toBeGreaterThan(118)
    expect(beats.tempo).toBeLessThan(122)
    const expected = Array.from({ length: 11 }, (_, k) => 0.3 + k * 0.5)
    for (const t of expected) {
      const nearest = Math.min(...beats.times.map((b) => Math.abs(b - t)))
      expect(nearest).toBeLessThan(0.025)
    }
    expect(beats.onsets.length).toBeGreaterThanOrEqual(11)
  })

  it('finds no beats in a steady tone', () => {
    const tone = new Float32Array(4 * RATE).map(
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE),
    )
    expect(detectBeats(tone, RATE)).toMatchObject({ tempo: 0, times: [] })
  })
})
