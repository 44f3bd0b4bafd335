import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { mediaBinaries } from '../media/binaries.js'
import { MEDIA_LIMITS } from '../media/media-limits.js'
import { restrictedInput } from '../media/restricted-input.js'
import { runProcess } from '../media/run-process.js'
import { sniff } from '../media/sniff.js'
import type { RgbImage } from './image-classifier.js'

const PIXEL_CAP = MEDIA_LIMITS.image.maxSide * MEDIA_LIMITS.image.maxSide

/**
 * An image file as `size`×`size` RGB, stretched rather than cropped so nothing at the edges escapes
 * the check, transparency flattened on white. sharp decodes within the pixel cap of spec §2.4; BMP,
 * which sharp cannot read, goes through ffmpeg's restricted input (the first frame of a GIF).
 */
export async function imagePixels(
  path: string,
  size: number,
  signal?: AbortSignal,
): Promise<RgbImage> {
  const data = await readFile(path)
  const found = sniff(data)
  if (found?.kind === 'image' && found.format === 'bmp') {
    const { stdout } = await runProcess(
      mediaBinaries().ffmpeg,
      [
        '-v',
        'error',
        ...restrictedInput('bmp_pipe', 'pipe:0'),
        '-frames:v',
        '1',
        '-vf',
        `scale=${size}:${size}`,
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        'pipe:1',
      ],
      { stdin: data, ...(signal ? { signal } : {}) },
    )
    return { data: stdout, width: size, height: size }
  }
  const pixels = await sharp(data, { limitInputPixels: PIXEL_CAP })
    .flatten({ background: '#ffffff' })
    .resize(size, size, { fit: 'fill' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer()
  return { data: pixels, width: size, height: size }
}
