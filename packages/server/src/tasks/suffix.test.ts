import { describe, expect, it } from 'vitest'
import { parseSuffix } from './suffix.js'

describe('parseSuffix', () => {
  it('strips short commands and converts their values', () => {
    expect(parseSuffix('a cat on a roof --rs 480p --rt 9:16 --dur 6 --seed 7 --wm true')).toEqual({
      prompt: 'a cat on a roof',
      values: { resolution: '480p', ratio: '9:16', duration: 6, seed: 7, watermark: true },
    })
  })

  it('accepts the long forms and an equals sign', () => {
    expect(
      parseSuffix('sea --resolution=1080p --ratio 21:9 --duration 4 --watermark false'),
    ).toEqual({
      prompt: 'sea',
      values: { resolution: '1080p', ratio: '21:9', duration: 4, watermark: false },
    })
  })

  it('keeps unknown double-dash words in the prompt', () => {
    expect(parseSuffix('a sign that says --hello')).toEqual({
      prompt: 'a sign that says --hello',
      values: {},
    })
  })

  it('leaves malformed values for validation to refuse', () => {
    expect(parseSuffix('x --dur five').values).toEqual({ duration: 'five' })
  })
})
