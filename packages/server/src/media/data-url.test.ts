import { describe, expect, it } from 'vitest'
import { AUDIO_DATA_MIMES, IMAGE_DATA_MIMES, parseDataUrl, realContentType } from './data-url.js'

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

describe('realContentType', () => {
  const png = Buffer.from('\x89PNG\r\n\x1a\n tiny', 'latin1')
  const wav = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')
  const mp3 = Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1')
  const imageSlot = { param, mimes: IMAGE_DATA_MIMES }
  const audioSlot = { param: 'content[2].audio_url.url', mimes: AUDIO_DATA_MIMES }

  it.each([
    ['a PNG declared as image/png', 'image/png', png, imageSlot, 'image/png'],
    ['a WAV declared as audio/x-wav', 'audio/x-wav', wav, audioSlot, 'audio/wav'],
    ['a WAV declared as audio/wave', 'audio/wave', wav, audioSlot, 'audio/wav'],
    ['an MP3 declared as audio/mp3', 'audio/mp3', mp3, audioSlot, 'audio/mpeg'],
  ])('answers the registered type of %s', (_name, mime, data, slot, type) => {
    expect(realContentType({ mime, data }, slot)).toBe(type)
  })

  it.each([
    [
      'a PNG declared as image/jpeg',
      'image/jpeg',
      png,
      imageSlot,
      'declares image/jpeg, but its bytes are a PNG image; declare it as data:image/png;base64,…',
    ],
    [
      'a WAV declared as audio/mp3',
      'audio/mp3',
      wav,
      audioSlot,
      'declares audio/mp3, but its bytes are a WAV audio file; declare it as data:audio/wav;base64,…',
    ],
    [
      'a WAV declared as image/png',
      'image/png',
      wav,
      imageSlot,
      'declares image/png, but its bytes are a WAV audio file; send image/png data',
    ],
    [
      'HTML declared as image/png',
      'image/png',
      Buffer.from('<html><script>x</script></html>'),
      imageSlot,
      'declares image/png, but its bytes are an HTML or XML document; send image/png data',
    ],
  ])('refuses %s, saying what the bytes are', (_name, mime, data, slot, why) => {
    expect(() => realContentType({ mime, data }, slot)).toThrow(
      `${slot.param}: the medium is not what its type says: the data URL ${why}`,
    )
  })
})
