import { readFile, stat } from 'node:fs/promises'
import sharp from 'sharp'
import { invalidParameter } from '../lib/app-error.js'
import { imageHeaderSize } from './image-header-size.js'
import { formatBytes, MEDIA_LIMITS } from './media-limits.js'
import { decodesFully } from './restricted-input.js'
import { describeBytes, sniff, type ImageFormat } from './sniff.js'

export interface ImageInfo {
  kind: 'image'
  format: ImageFormat
  width: number
  height: number
  bytes: number
}

const limits = MEDIA_LIMITS.image
/** Decoded pixels allowed: the largest image the side limits let through, and not one more. */
const PIXEL_CAP = limits.maxSide * limits.maxSide

/** Decodes every pixel once, within the pixel cap; sharp cannot read BMP, ffmpeg's decoder can. */
async function decodes(data: Buffer, format: ImageFormat, signal?: AbortSignal): Promise<boolean> {
  if (format === 'bmp') return decodesFully('bmp_pipe', data, signal)
  try {
    await sharp(data, { limitInputPixels: PIXEL_CAP, failOn: 'truncated' }).stats()
    return true
  } catch {
    return false
  }
}

/**
 * Checks an image (a file path, or the bytes of a data URL) against spec §2.4 and says what it is:
 * size under 30 MB, a jpeg/png/webp/bmp/tiff/gif by its leading bytes, each side 300-6000 px and
 * width/height 0.4-2.5 read from the header before anything is decoded, then one full decode
 * capped at 6000×6000 pixels so truncated files and decompression bombs are refused. Throws
 * `InvalidParameter` naming `param`.
 */
export async function inspectImage(
  input: string | Buffer,
  param: string,
  opts: { signal?: AbortSignal } = {},
): Promise<ImageInfo> {
  const refuse = (why: string) => invalidParameter(param, `${param}: ${why}`)
  const bytes = typeof input === 'string' ? (await stat(input)).size : input.length
  if (bytes >= limits.maxBytes) {
    throw refuse(
      `the image is ${formatBytes(bytes)}; it must be under ${formatBytes(limits.maxBytes)}`,
    )
  }
  const data = typeof input === 'string' ? await readFile(input) : input
  const found = sniff(data)
  if (found?.kind !== 'image') {
    throw refuse(
      `the file is ${describeBytes(data)}, not an image; send ${limits.formats.join(', ')}`,
    )
  }
  const { format } = found
  const size = imageHeaderSize(data, format)
  if (!size) throw refuse(`the ${format} image's header is damaged or holds no size`)
  const { width, height } = size
  const { minSide, maxSide, minRatio, maxRatio } = limits
  if (Math.min(width, height) < minSide || Math.max(width, height) > maxSide) {
    throw refuse(`the image is ${width}×${height} px; each side must be ${minSide}-${maxSide} px`)
  }
  const ratio = width / height
  if (ratio < minRatio || ratio > maxRatio) {
    throw refuse(
      `the image is ${width}×${height} px, a width/height ratio of ${Number(ratio.toFixed(2))}; ` +
        `it must be ${minRatio}-${maxRatio}`,
    )
  }
  if (!(await decodes(data, format, opts.signal))) {
    throw refuse(`the ${format} image is truncated or damaged; it does not decode`)
  }
  return { kind: 'image', format, width, height, bytes }
}
