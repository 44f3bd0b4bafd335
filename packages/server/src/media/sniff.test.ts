import { describe, expect, it } from 'vitest'
import { imageHeaderSize } from './image-header-size.js'
import { describeBytes, sniff } from './sniff.js'
import { makeBmp, makeImage } from './test-media.js'

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  )

describe('sniff', () => {
  it.each([
    ['mp4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), { kind: 'video', format: 'mp4' }],
    ['mov (qt brand)', bytes([0, 0, 0, 0x14], 'ftypqt  '), { kind: 'video', format: 'mov' }],
    [
      'mov without ftyp',
      bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 0], 'mdat'),
      { kind: 'video', format: 'mov' },
    ],
    ['wav', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), { kind: 'audio', format: 'wav' }],
    ['mp3 with ID3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), { kind: 'audio', format: 'mp3' }],
    ['mp3 frame', bytes([0xff, 0xfb, 0x90, 0x64]), { kind: 'audio', format: 'mp3' }],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), { kind: 'image', format: 'webp' }],
  ])('recognises %s', (_name, head, expected) => {
    expect(sniff(head)).toEqual(expected)
  })

  it.each([
    ['an HLS playlist', bytes('#EXTM3U\n#EXTINF:10,\nhttp://x/seg.ts\n')],
    ['an ffmpeg concat list', bytes('ffconcat version 1.0\nfile a.mp4\n')],
    ['an HTML or XML document', bytes('<!doctype html><title>404</title>')],
    ['data of no supported type', bytes([0xff, 0xf1, 0x50, 0x80])], // ADTS AAC, not mp3
    ['data of no supported type', bytes('BM', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0])],
    ['empty', Buffer.alloc(0)],
  ])('does not take %s for a medium', (description, head) => {
    expect(sniff(head)).toBeUndefined()
    expect(describeBytes(head)).toBe(description)
  })
})

describe('imageHeaderSize', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff'] as const)(
    'reads the size of a %s without decoding',
    async (format) => {
      const data = await makeImage(format, 401, 299)
      expect(sniff(data)).toEqual({ kind: 'image', format })
      expect(imageHeaderSize(data, format)).toEqual({ width: 401, height: 299 })
    },
  )

  it.each([
    ['lossless (VP8L)', { lossless: true }],
    ['with alpha (VP8X)', { alphaQuality: 50 }],
  ])('reads the size of a WebP %s', async (_name, options) => {
    const sharp = (await import('sharp')).default
    const data = await sharp({
      create: { width: 333, height: 444, channels: 4, background: '#f008' },
    })
      .webp(options)
      .toBuffer()
    expect(imageHeaderSize(data, 'webp')).toEqual({ width: 333, height: 444 })
  })

  it('reads the size of a JPEG behind a large metadata segment', async () => {
    const plain = await makeImage('jpeg', 320, 480)
    const app1 = Buffer.alloc(4 + 60_000)
    app1.writeUInt16BE(0xffe1, 0)
    app1.writeUInt16BE(60_002, 2)
    const data = Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)])
    expect(imageHeaderSize(data, 'jpeg')).toEqual({ width: 320, height: 480 })
  })

  it('reads the size of a BMP, top-down ones included', () => {
    const data = makeBmp(640, 360)
    expect(sniff(data)).toEqual({ kind: 'image', format: 'bmp' })
    expect(imageHeaderSize(data, 'bmp')).toEqual({ width: 640, height: 360 })
    data.writeInt32LE(-360, 22)
    expect(imageHeaderSize(data, 'bmp')).toEqual({ width: 640, height: 360 })
  })

  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff', 'bmp'] as const)(
    'returns undefined for a %s header cut short',
    (format) => {
      const head = {
        png: '\x89PNG\r\n\x1a\n\0\0',
        jpeg: '\xff\xd8\xff\xe0\0\x10JFIF',
        webp: 'RIFF\0\0\0\0WEBPVP8 ',
        gif: 'GIF89a\x01',
        tiff: 'II*\0\x08\0\0\0\x05\0',
        bmp: 'BM\0\0',
      }[format]
      expect(imageHeaderSize(Buffer.from(head, 'latin1'), format)).toBeUndefined()
    },
  )
})
