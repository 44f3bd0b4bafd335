import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMAGE_DATA_MIMES, parseDataUrl } from './data-url.js'
import { downloadToFile } from './download-to-file.js'
import { inspectImage } from './inspect-image.js'
import { MB } from './media-limits.js'
import { makeBmp, makeBombPng, makeImage } from './test-media.js'
import { startLoopbackServer } from './test-loopback-server.js'

const param = 'content[1].image_url.url'
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-image-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('inspectImage', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff'] as const)(
    'accepts a %s and reports its format and size',
    async (format) => {
      const data = await makeImage(format, 640, 360)
      expect(await inspectImage(data, param)).toEqual({
        kind: 'image',
        format,
        width: 640,
        height: 360,
        bytes: data.length,
      })
    },
  )

  it('accepts a BMP, decoded by ffmpeg since sharp cannot read it', async () => {
    const info = await inspectImage(makeBmp(400, 300), param)
    expect(info).toMatchObject({ format: 'bmp', width: 400, height: 300 })
  })

  it('refuses a truncated BMP', async () => {
    const data = makeBmp(400, 300)
    await expect(inspectImage(data.subarray(0, data.length / 2), param)).rejects.toThrow(
      `${param}: the bmp image is truncated or damaged; it does not decode`,
    )
  })

  it('accepts the smallest and largest sides and ratios the spec allows', async () => {
    await expect(inspectImage(await makeImage('png', 300, 750), param)).resolves.toMatchObject({
      width: 300,
      height: 750,
    })
    await expect(inspectImage(await makeImage('jpeg', 750, 300), param)).resolves.toMatchObject({
      width: 750,
    })
  })

  it.each([
    [299, 400, 'the image is 299×400 px; each side must be 300-6000 px'],
    [6001, 3000, 'the image is 6001×3000 px; each side must be 300-6000 px'],
    [300, 751, 'the image is 300×751 px, a width/height ratio of 0.4; it must be 0.4-2.5'],
    [1000, 300, 'the image is 1000×300 px, a width/height ratio of 3.33; it must be 0.4-2.5'],
  ])('refuses a %i×%i image', async (width, height, why) => {
    const data = makeBombPng(width, height)
    await expect(inspectImage(data, param)).rejects.toThrow(`${param}: ${why}`)
  })

  it('refuses a 20000×20000 PNG bomb by its header, without decoding it', async () => {
    const data = makeBombPng(20_000, 20_000)
    expect(data.length).toBeLessThan(100_000)
    const started = Date.now()
    await expect(inspectImage(data, param)).rejects.toThrow(
      `${param}: the image is 20000×20000 px; each side must be 300-6000 px`,
    )
    // Decoding 400 million pixels would take seconds; reading a header takes nothing.
    expect(Date.now() - started).toBeLessThan(500)
  })

  it.each(['png', 'jpeg', 'webp', 'gif'] as const)('refuses a truncated %s', async (format) => {
    const data = await makeImage(format, 640, 480)
    await expect(inspectImage(data.subarray(0, data.length / 2), param)).rejects.toThrow(
      `${param}: the ${format} image is truncated or damaged; it does not decode`,
    )
  })

  it('refuses a file of 30 MB or more before reading it', async () => {
    const path = join(dir, 'huge.png')
    await writeFile(path, await makeImage('png', 640, 480))
    await truncate(path, 30 * MB)
    await expect(inspectImage(path, param)).rejects.toThrow(
      `${param}: the image is 30 MB; it must be under 30 MB`,
    )
  })

  it.each([
    ['an MP4 video', Buffer.from('\0\0\0\x20ftypisom\0\0\x02\0', 'latin1')],
    ['an HTML or XML document', Buffer.from('<html>not found</html>')],
    ['a WAV audio file', Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1')],
  ])('refuses %s sent as an image', async (what, data) => {
    await expect(inspectImage(data, param)).rejects.toThrow(
      `${param}: the file is ${what}, not an image; send jpeg, png, webp, bmp, tiff, gif`,
    )
  })

  it('refuses a PNG whose header holds no size', async () => {
    const data = Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\x0dIHDX', 'latin1')
    await expect(inspectImage(data, param)).rejects.toThrow(
      `${param}: the png image's header is damaged or holds no size`,
    )
  })

  it('inspects the bytes of a data URL', async () => {
    const png = await makeImage('png', 500, 500)
    const url = `data:image/png;base64,${png.toString('base64')}`
    const { data } = parseDataUrl(url, { param, mimes: IMAGE_DATA_MIMES, maxBytes: 30 * MB })
    expect(await inspectImage(data, param)).toMatchObject({ format: 'png', width: 500 })
  })

  it('inspects an image downloaded from a URL', async () => {
    const png = await makeImage('png', 800, 600)
    const server = await startLoopbackServer((_req, res) => res.end(png))
    try {
      const path = join(dir, 'downloaded')
      await downloadToFile(`${server.origin}/a.png`, path, {
        param,
        maxBytes: 30 * MB,
        allowPrivate: true,
      })
      expect(await inspectImage(path, param)).toEqual({
        kind: 'image',
        format: 'png',
        width: 800,
        height: 600,
        bytes: png.length,
      })
    } finally {
      await server.close()
    }
  })
})
