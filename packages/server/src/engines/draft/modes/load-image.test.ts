import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import type { ImageFormat } from '../../../media/sniff.js'
import { makeBmp } from '../../../media/test-media.js'
import type { EngineInput } from '../../engine.js'
import { loadCoverImage, loadImage } from './load-image.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

async function input(bytes: Buffer, format: ImageFormat, width: number, height: number) {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-load-'))
  dirs.push(dir)
  const path = join(dir, 'input-0')
  await writeFile(path, bytes)
  const info = { kind: 'image' as const, format, width, height, bytes: bytes.length }
  return { kind: 'image', role: 'first_frame', path, info } satisfies EngineInput
}

describe('loading input images', () => {
  it('reads a BMP, which sharp cannot, through ffmpeg', async () => {
    const image = await loadCoverImage(await input(makeBmp(400, 300), 'bmp', 400, 300), 640, 640)
    expect(image.rgba.length).toBe(640 * 640 * 4)
    expect(new Set(image.rgba)).toEqual(new Set([0x80, 0xff]))
  })

  it('turns a photo upright by its EXIF orientation', async () => {
    const jpeg = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#888' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const { info } = await (
      await loadImage(await input(jpeg, 'jpeg', 400, 300))
    )
      .raw()
      .toBuffer({ resolveWithObject: true })
    expect([info.width, info.height]).toEqual([300, 400])
  })

  it('centre-crops an image of another ratio to fill the output exactly', async () => {
    // Left third red, middle blue, right third red: a square crop of a 3:1 strip is all blue.
    const strip = await sharp({
      create: { width: 900, height: 300, channels: 3, background: '#f00' },
    })
      .composite([
        {
          input: { create: { width: 300, height: 300, channels: 3, background: '#00f' } },
          left: 300,
          top: 0,
        },
      ])
      .png()
      .toBuffer()
    const image = await loadCoverImage(await input(strip, 'png', 900, 300), 300, 300)
    expect([image.rgba[0], image.rgba[2], image.rgba.at(-2)]).toEqual([0, 255, 255])
  })
})
