import { crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { mediaBinaries } from './binaries.js'
import { runProcess } from './run-process.js'

const ffmpeg = (args: string[]) =>
  runProcess(mediaBinaries().ffmpeg, ['-v', 'error', '-y', ...args]).then(() => undefined)

const PRESETS: Record<string, string[]> = {
  libx264: ['-preset', 'ultrafast'],
  libx265: ['-preset', 'ultrafast', '-x265-params', 'log-level=error'],
}

/** A test video from ffmpeg's `testsrc` (and a `sine` track), written to `path`. */
export function makeVideo(
  path: string,
  opts: {
    size?: string
    fps?: number
    seconds?: number
    codec?: string
    audio?: boolean
    container?: 'mp4' | 'mov'
    /** Put the index first (default); false leaves it after the media data, as cameras do. */
    faststart?: boolean
  } = {},
): Promise<void> {
  const { size = '320x320', fps = 24, seconds = 2.5, codec = 'libx264', audio = true } = opts
  const src = ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${fps}:duration=${seconds}`]
  const sine = audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`] : []
  return ffmpeg([
    ...src,
    ...sine,
    '-c:v',
    codec,
    ...(PRESETS[codec] ?? []),
    '-pix_fmt',
    'yuv420p',
    ...(audio ? ['-c:a', 'aac'] : []),
    ...(opts.faststart === false ? [] : ['-movflags', '+faststart']),
    '-f',
    opts.container ?? 'mp4',
    path,
  ])
}

/** A test tone from ffmpeg's `sine`, as wav (PCM) or mp3 by `path`'s extension. */
export function makeAudio(path: string, seconds: number): Promise<void> {
  return ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, path])
}

/** A test image of noise, in one of the formats sharp writes (GIF quantised fast and coarse). */
export function makeImage(
  format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff',
  width: number,
  height: number,
): Promise<Buffer> {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 40 }
  const image = sharp({ create: { width, height, channels: 3, background: '#000', noise } })
  return (
    format === 'gif' ? image.gif({ effort: 1, colours: 16, dither: 0 }) : image.toFormat(format)
  ).toBuffer()
}

/** An uncompressed 24-bit BMP (sharp cannot write BMP). */
export function makeBmp(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4
  const header = Buffer.alloc(54)
  header.write('BM', 0, 'latin1')
  header.writeUInt32LE(54 + row * height, 2)
  header.writeUInt32LE(54, 10)
  header.writeUInt32LE(40, 14)
  header.writeInt32LE(width, 18)
  header.writeInt32LE(height, 22)
  header.writeUInt16LE(1, 26)
  header.writeUInt16LE(24, 28)
  header.writeUInt32LE(row * height, 34)
  return Buffer.concat([header, Buffer.alloc(row * height, 0x80)])
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length, 0)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body), 0)
  return Buffer.concat([length, body, crc])
}

/**
 * A valid 1-bit greyscale PNG of `width`×`height` black pixels: a decompression bomb of a few
 * tens of kilobytes that decodes to `width × height` pixels (400 million for 20000×20000).
 */
export function makeBombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 1 // bit depth
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height)
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}
