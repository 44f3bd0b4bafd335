import { describe, expect, it } from 'vitest'
import { parseScene } from './scene.js'

describe('parseScene', () => {
  it('reads a lighthouse on a cliff at sunset with waves and seagulls', () => {
    const scene = parseScene(
      'a lighthouse on a cliff at sunset, waves crashing, seagulls circling',
      7,
    )
    expect(scene.setting).toBe('ocean')
    expect(scene.time).toBe('sunset')
    expect(scene.subjects).toEqual(expect.arrayContaining(['lighthouse', 'seagulls']))
    expect(scene.features).toEqual(expect.arrayContaining(['cliff', 'waves']))
    expect(scene.origin.time).toBe('prompt:sunset')
    expect(scene.origin.setting).toBe('implied:lighthouse')
  })

  it('reads a rainy neon city street at night', () => {
    const scene = parseScene('a rainy neon city street at night, vertical video', 3)
    expect(scene).toMatchObject({
      setting: 'city',
      time: 'night',
      weather: 'rain',
      palette: 'neon',
    })
    expect(scene.features).toContain('street')
  })

  it('lets the strongest weather win and skips negated words', () => {
    const scene = parseScene('rain turning into a thunderstorm over the lake, no boats', 1)
    expect(scene.weather).toBe('storm')
    expect(scene.setting).toBe('lake')
    expect(scene.subjects).not.toContain('boat')
  })

  it('reads camera phrases and keeps handheld as an addition to the move', () => {
    const scene = parseScene('handheld shot, slow zoom in on a cabin in the snowy forest', 1)
    expect(scene).toMatchObject({
      camera: 'push-in',
      handheld: true,
      tempo: 'slow',
      setting: 'forest',
    })
    expect(scene.weather).toBe('snow')
    expect(scene.subjects).toContain('house')
  })

  it('falls back to seed-chosen defaults for unknown words, the same way every time', () => {
    const a = parseScene('zorblax quimmering vell', 42)
    expect(parseScene('zorblax quimmering vell', 42)).toEqual(a)
    expect(Object.values(a.origin).every((o) => o === 'seed' || o.startsWith('implied:'))).toBe(
      true,
    )
    const settings = new Set(
      Array.from({ length: 12 }, (_, seed) => parseScene('zorblax', seed).setting),
    )
    const times = new Set(Array.from({ length: 12 }, (_, seed) => parseScene('zorblax', seed).time))
    expect(settings.size).toBeGreaterThan(2)
    expect(times.size).toBeGreaterThan(2)
  })
})
