import { open } from 'node:fs/promises'

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'bmp' | 'tiff' | 'gif'
export type VideoFormat = 'mp4' | 'mov'
export type AudioFormat = 'wav' | 'mp3'

export type Sniffed =
  | { kind: 'image'; format: ImageFormat }
  | { kind: 'video'; format: VideoFormat }
  | { kind: 'audio'; format: AudioFormat }

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 32

const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124])
/** Top-level QuickTime atoms that may open a .mov written without an `ftyp` box. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'])

/** An MPEG-1/2/2.5 Layer III frame header (not ADTS AAC, whose layer bits are 00). */
function isMp3Frame(b: Buffer): boolean {
  const [b0 = 0, b1 = 0, b2 = 0] = b
  return (
    b0 === 0xff &&
    (b1 & 0xe0) === 0xe0 &&
    ((b1 >> 3) & 3) !== 1 &&
    ((b1 >> 1) & 3) === 1 &&
    b2 >> 4 !== 0xf &&
    ((b2 >> 2) & 3) !== 3
  )
}

/**
 * The real type of a medium from its leading bytes (spec §2.4: media are checked by their leading
 * bytes, never by extension or declared type). Undefined when none of the accepted formats match.
 */
export function sniff(head: Buffer): Sniffed | undefined {
  const text = (at: number, length: number) => head.toString('latin1', at, at + length)
  if (text(0, 8) === '\x89PNG\r\n\x1a\n') return { kind: 'image', format: 'png' }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
    return { kind: 'image', format: 'jpeg' }
  if (text(0, 6) === 'GIF87a' || text(0, 6) === 'GIF89a') return { kind: 'image', format: 'gif' }
  if (text(0, 4) === 'RIFF' && text(8, 4) === 'WEBP') return { kind: 'image', format: 'webp' }
  if (text(0, 4) === 'II*\0' || text(0, 4) === 'MM\0*') return { kind: 'image', format: 'tiff' }
  if (text(0, 2) === 'BM' && head.length >= 18 && BMP_HEADER_SIZES.has(head.readUInt32LE(14))) {
    return { kind: 'image', format: 'bmp' }
  }
  if (text(4, 4) === 'ftyp') {
    return { kind: 'video', format: text(8, 4) === 'qt  ' ? 'mov' : 'mp4' }
  }
  if (QUICKTIME_ATOMS.has(text(4, 4))) return { kind: 'video', format: 'mov' }
  if (text(0, 4) === 'RIFF' && text(8, 4) === 'WAVE') return { kind: 'audio', format: 'wav' }
  if (text(0, 3) === 'ID3' || isMp3Frame(head)) return { kind: 'audio', format: 'mp3' }
  return undefined
}

const NAMES: Record<Sniffed['format'], string> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  tiff: 'a TIFF image',
  gif: 'a GIF image',
  mp4: 'an MP4 video',
  mov: 'a MOV video',
  wav: 'a WAV audio file',
  mp3: 'an MP3 audio file',
}

/**
 * What the leading bytes are, for messages ("…is an HLS playlist, not an mp4 or mov video"),
 * naming the usual impostors too: playlists, concat lists and HTML error pages.
 */
export function describeBytes(head: Buffer): string {
  const found = sniff(head)
  if (found) return NAMES[found.format]
  const text = head.toString('latin1')
  if (text.startsWith('#EXTM3U')) return 'an HLS playlist'
  if (text.startsWith('ffconcat')) return 'an ffmpeg concat list'
  if (/^\s*</.test(text)) return 'an HTML or XML document'
  return head.length === 0 ? 'empty' : 'data of no supported type'
}

/** The leading bytes of a file, enough for `sniff` and `describeBytes`. */
export async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}
