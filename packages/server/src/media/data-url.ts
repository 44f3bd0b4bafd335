import { invalidParameter } from '../lib/app-error.js'
import { formatBytes } from './media-limits.js'
import { describeBytes, SNIFF_BYTES, sniff, type AudioFormat, type ImageFormat } from './sniff.js'

/** Media types an image data URL may declare (spec §2.1). */
export const IMAGE_DATA_MIMES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/bmp',
  'image/tiff',
  'image/gif',
] as const

/** Media types an audio data URL may declare: the spec's wav and mp3 and their common aliases. */
export const AUDIO_DATA_MIMES = [
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/mp3',
  'audio/mpeg',
] as const

type DataMime = (typeof IMAGE_DATA_MIMES)[number] | (typeof AUDIO_DATA_MIMES)[number]

/** The format each accepted type declares. */
const DECLARED_FORMATS: Record<DataMime, ImageFormat | AudioFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'image/gif': 'gif',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mp3': 'mp3',
  'audio/mpeg': 'mp3',
}

/**
 * The registered type of each format a data URL may carry: what is stored, whichever alias was
 * declared, and what the CLI declares for a local file.
 */
export const CONTENT_TYPES: Record<ImageFormat | AudioFormat, DataMime> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  gif: 'image/gif',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
}

export interface DataUrl {
  /** The declared media type, lower-cased; the bytes are sniffed separately. */
  mime: string
  data: Buffer
}

const HEADER = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+);base64,/i

/**
 * Parses `data:<mime>;base64,<payload>` strictly (spec §2.1, §2.4): a declared type from `mimes`,
 * standard base64 only (no whitespace, no URL-safe alphabet, padding only at the end, length a
 * multiple of 4, canonical trailing bits). The decoded size is computed from the text and checked
 * against `maxBytes` before anything is decoded, so an oversized payload costs no memory.
 */
export function parseDataUrl(
  url: string,
  opts: { param: string; mimes: readonly string[]; maxBytes: number },
): DataUrl {
  const { param } = opts
  const refuse = (why: string) => invalidParameter(param, `${param}: ${why}`)
  const header = HEADER.exec(url.slice(0, 200))
  const mime = header?.[1]?.toLowerCase()
  if (!header || mime === undefined) {
    throw refuse(`a data URL must look like data:<type>;base64,<payload>`)
  }
  if (!opts.mimes.includes(mime)) {
    throw refuse(`data URLs of type ${mime} are not accepted here; use ${opts.mimes.join(', ')}`)
  }
  const payload = url.slice(header[0].length)
  if (payload.length === 0) throw refuse('the data URL has an empty payload')
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0
  const size = Math.floor((payload.length * 3) / 4) - padding
  if (size > opts.maxBytes) {
    throw refuse(
      `the data URL decodes to about ${formatBytes(size)}, more than ${formatBytes(opts.maxBytes)}`,
    )
  }
  const bad = /[^A-Za-z0-9+/]/.exec(payload.slice(0, payload.length - padding))
  if (bad) {
    const what = /\s/.test(bad[0])
      ? 'whitespace'
      : bad[0] === '='
        ? 'padding (=) before the end'
        : `the character ${JSON.stringify(bad[0])}, which is not base64`
    throw refuse(`the base64 payload has ${what} at position ${bad.index}; send standard base64`)
  }
  if (payload.length % 4 !== 0) {
    throw refuse(
      `the base64 payload is ${payload.length} characters, not a multiple of 4; pad it with =`,
    )
  }
  const data = Buffer.from(payload, 'base64')
  // Buffer ignores stray low bits in the last group; a strict decoder refuses them.
  if (data.subarray(data.length - (3 - padding)).toString('base64') !== payload.slice(-4)) {
    throw refuse('the base64 payload does not end in canonical form; re-encode it')
  }
  return { mime, data }
}

/**
 * Spec §2.4: a medium that is not what its type says is refused. Compares the type a data URL
 * (from `parseDataUrl` with the same `mimes`) declares with the format its leading bytes show, and
 * answers the registered type of that format, which is what is stored (`audio/x-wav` →
 * `audio/wav`). Throws `InvalidParameter` naming `param` when they differ, saying what the bytes
 * are and what to declare or send instead.
 */
export function realContentType(
  url: DataUrl,
  opts: { param: string; mimes: readonly string[] },
): string {
  const head = url.data.subarray(0, SNIFF_BYTES)
  const found = sniff(head)
  const real = found && found.kind !== 'video' ? CONTENT_TYPES[found.format] : undefined
  if (real !== undefined && found?.format === DECLARED_FORMATS[url.mime as DataMime]) return real
  const fix =
    real !== undefined && opts.mimes.includes(real)
      ? `declare it as data:${real};base64,…`
      : `send ${url.mime} data`
  throw invalidParameter(
    opts.param,
    `${opts.param}: the medium is not what its type says: the data URL declares ${url.mime}, but its bytes are ${describeBytes(head)}; ${fix}`,
  )
}
