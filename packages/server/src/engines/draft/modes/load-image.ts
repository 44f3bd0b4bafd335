import { createCanvas, ImageData, type Canvas } from '@napi-rs/canvas'
import sharp, { type Sharp } from 'sharp'
import { internal } from '../../../lib/app-error.js'
import { mediaBinaries } from '../../../media/binaries.js'
import { MEDIA_LIMITS } from '../../../media/media-limits.js'
import { restrictedInput } from '../../../media/restricted-input.js'
import { runProcess } from '../../../media/run-process.js'
import type { EngineInput } from '../../engine.js'

/** The same decoded-pixel cap as the checks of spec §2.4: nothing bigger got this far. */
const PIXEL_CAP = MEDIA_LIMITS.image.maxSide * MEDIA_LIMITS.image.maxSide

/**
 * Opens an input image (already checked by worker/resolve-inputs.ts) as a sharp pipeline, turned
 * upright by its EXIF orientation. The installed sharp cannot read BMP, so a BMP is first decoded
 * by ffmpeg's `bmp_pipe` behind the restricted input and handed over as PNG. Every mode that draws
 * input images starts here.
 */
export async function loadImage(input: EngineInput, signal?: AbortSignal): Promise<Sharp> {
  const format = 'format' in input.info ? input.info.format : undefined
  if (input.kind !== 'image' || !format) {
    throw internal(`loadImage was given a ${input.kind} input (${input.path})`)
  }
  const opts = { limitInputPixels: PIXEL_CAP, autoOrient: true }
  if (format !== 'bmp') return sharp(input.path, opts)
  const { stdout } = await runProcess(
    mediaBinaries().ffmpeg,
    [
      '-v',
      'error',
      ...restrictedInput('bmp_pipe', input.path),
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-vcodec',
      'png',
      'pipe:1',
    ],
    signal ? { signal } : {},
  )
  return sharp(stdout, opts)
}

/** An image decoded once to interleaved 8-bit pixels, in its own size. */
export interface RawImage {
  data: Buffer
  width: number
  height: number
  channels: 1 | 2 | 3 | 4
}

/**
 * An input image decoded once, so that several uses (a thumbnail, a texture, a cut-out) each
 * start from pixels rather than decoding the file again.
 */
export async function decodeImage(input: EngineInput, signal?: AbortSignal): Promise<RawImage> {
  const image = await loadImage(input, signal)
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: info.channels }
}

/** A sharp pipeline reading a decoded image. */
export const sharpOf = (image: RawImage): Sharp =>
  sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })

/** An input image at the output size, as raw RGBA bytes and as a canvas to draw from. */
export interface CoverImage {
  width: number
  height: number
  /** Straight (not premultiplied) RGBA, `width × height × 4` bytes, opaque. */
  rgba: Buffer
  readonly canvas: Canvas
}

/**
 * The image centre-cropped to `width:height` and resized to exactly that size (spec §2.6: inputs of
 * another ratio are centre-cropped to fill the frame), with sharp's `cover` fit, so a test can
 * make the same reference with one sharp call.
 */
export async function loadCoverImage(
  input: EngineInput,
  width: number,
  height: number,
  signal?: AbortSignal,
): Promise<CoverImage> {
  const image = await loadImage(input, signal)
  const rgba = await image
    .resize(width, height, { fit: 'cover', position: 'centre' })
    .flatten({ background: '#000000' })
    .ensureAlpha()
    .raw()
    .toBuffer()
  let canvas: Canvas | undefined
  // Made on first use: modes that work on the bytes never pay for the upload.
  return {
    width,
    height,
    rgba,
    get canvas() {
      canvas ??= canvasOf(rgba, width, height)
      return canvas
    },
  }
}

/** A canvas holding raw straight-alpha RGBA pixels. */
export function canvasOf(rgba: Uint8Array, width: number, height: number): Canvas {
  const canvas = createCanvas(width, height)
  // Put straight from the bytes: createImageData would allocate and fill a copy first.
  const pixels = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4)
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0)
  return canvas
}
