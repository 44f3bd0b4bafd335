import { describe, expect, it } from 'vitest'
import { AUDIO_DATA_MIMES, IMAGE_DATA_MIMES, parseDataUrl } from './data-url.js'

const param = 'content[1].image_url.url'
const image = { param, mimes: IMAGE_DATA_MIMES, maxBytes: 1024 }
const payload = Buffer.from('\x89PNG\r\n\x1a\n tiny', 'latin1').toString('base64')

describe('parseDataUrl', () => {
  it('decodes a declared image type and lower-cases it', () => {
    const got = parseDataUrl(`data:IMAGE/PNG;base64,${payload}`, image)
    expect(got.mime).toBe('image/png')
    expect(got.data.toString('latin1')).toBe('\x89PNG\r\n\x1a\n tiny')
  })

  it.each(['audio/wav', 'audio/mp3', 'audio/mpeg'])('accepts audio declared as %s', (mime) => {
    const audio = { param: 'content[2].audio_url.url', mimes: AUDIO_DATA_MIMES, maxBytes: 1024 }
    expect(parseDataUrl(`data:${mime};base64,AAAA`, audio).data).toEqual(Buffer.alloc(3))
  })

  it.each([
    ['data:image/png,AAAA', 'a data URL must look like data:<type>;base64,<payload>'],
    [
      'data:image/png;charset=x;base64,AAAA',
      'a data URL must look like data:<type>;base64,<payload>',
    ],
    ['data:image/svg+xml;base64,AAAA', 'data URLs of type image/svg+xml are not accepted here'],
    ['data:video/mp4;base64,AAAA', 'data URLs of type video/mp4 are not accepted here'],
    ['data:image/png;base64,', 'the data URL has an empty payload'],
    [
      'data:image/png;base64,AA!A',
      'the base64 payload has the character "!", which is not base64 at position 2',
    ],
    [
      'data:image/png;base64,AA-_',
      'the base64 payload has the character "-", which is not base64 at position 2',
    ],
    ['data:image/png;base64,AAAA\nAAAA', 'the base64 payload has whitespace at position 4'],
    ['data:image/png;base64,AAAA AAAA', 'the base64 payload has whitespace at position 4'],
    [
      'data:image/png;base64,AA=AAAAA',
      'the base64 payload has padding (=) before the end at position 2',
    ],
    [
      'data:image/png;base64,AAAAA',
      'the base64 payload is 5 characters, not a multiple of 4; pad it with =',
    ],
    [
      'data:image/png;base64,AAA',
      'the base64 payload is 3 characters, not a multiple of 4; pad it with =',
    ],
    [
      'data:image/png;base64,AAA==',
      'the base64 payload is 5 characters, not a multiple of 4; pad it with =',
    ],
    [
      'data:image/png;base64,AB==',
      'the base64 payload does not end in canonical form; re-encode it',
    ],
  ])('refuses %j', (url, why) => {
    expect(() => parseDataUrl(url, image)).toThrow(`${param}: ${why}`)
  })

  it('refuses an oversized payload from its length, before decoding', () => {
    const url = `data:image/png;base64,${'A'.repeat(1368)}`
    expect(() => parseDataUrl(url, image)).toThrow(
      `${param}: the data URL decodes to about 1 KB, more than 1 KB`,
    )
    // The same payload with its last character spoiled is still refused for size, not alphabet:
    // the size check ran first.
    expect(() => parseDataUrl(`${url.slice(0, -1)}!`, image)).toThrow(/decodes to about/)
  })

  it('accepts a payload of exactly the cap', () => {
    const url = `data:image/png;base64,${Buffer.alloc(1024, 7).toString('base64')}`
    expect(parseDataUrl(url, image).data.length).toBe(1024)
  })
})
