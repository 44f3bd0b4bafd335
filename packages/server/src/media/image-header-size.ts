import type { ImageFormat } from './sniff.js'

export interface ImageSize {
  width: number
  height: number
}

function png(b: Buffer): ImageSize | undefined {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
}

function gif(b: Buffer): ImageSize | undefined {
  if (b.length < 10) return undefined
  return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
}

function bmp(b: Buffer): ImageSize | undefined {
  if (b.length < 26) return undefined
  if (b.readUInt32LE(14) === 12) return { width: b.readUInt16LE(18), height: b.readUInt16LE(20) }
  // A negative height marks a top-down bitmap.
  return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) }
}

function webp(b: Buffer): ImageSize | undefined {
  if (b.length < 30) return undefined
  const chunk = b.toString('latin1', 12, 16)
  if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 }
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21)
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8 ' && b.readUIntBE(23, 3) === 0x9d012a) {
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff }
  }
  return undefined
}

/** The first SOFn segment; stops at start of scan, which no size may follow. */
function jpeg(b: Buffer): ImageSize | undefined {
  let at = 2
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined
    const marker = b[at + 1] ?? 0
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    if (marker === 0xda || marker === 0xd9) return undefined
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) return { width: b.readUInt16BE(at + 7), height: b.readUInt16BE(at + 5) }
    at += 2 + b.readUInt16BE(at + 2)
  }
  return undefined
}

/** Width and height from the first image file directory (classic TIFF; BigTIFF is refused). */
function tiff(b: Buffer): ImageSize | undefined {
  if (b.length < 8) return undefined
  const le = b[0] === 0x49
  const u16 = (at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at))
  const u32 = (at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at))
  const ifd = u32(4)
  if (ifd + 2 > b.length) return undefined
  const entries = u16(ifd)
  const size: Partial<ImageSize> = {}
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * 12
    if (at + 12 > b.length) return undefined
    const tag = u16(at)
    if (tag !== 256 && tag !== 257) continue
    const type = u16(at + 2)
    const value = type === 3 ? u16(at + 8) : type === 4 ? u32(at + 8) : undefined
    if (value === undefined) return undefined
    if (tag === 256) size.width = value
    else size.height = value
  }
  return size.width !== undefined && size.height !== undefined
    ? { width: size.width, height: size.height }
    : undefined
}

const READERS: Record<ImageFormat, (b: Buffer) => ImageSize | undefined> = {
  png,
  gif,
  bmp,
  webp,
  jpeg,
  tiff,
}

/**
 * An image's pixel size read from its header, without decoding (spec §2.4: dimensions are judged
 * before any pixel is decoded, so a 20000×20000 PNG of a few kilobytes costs nothing). `data` should
 * hold the whole file: a JPEG's frame header can follow large metadata segments, a TIFF's
 * directory can sit anywhere. Undefined when the header is damaged or holds no size.
 */
export function imageHeaderSize(data: Buffer, format: ImageFormat): ImageSize | undefined {
  try {
    return READERS[format](data)
  } catch {
    // A header that points past the end of the data is damaged, not a crash.
    return undefined
  }
}
