import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { AppError, invalidParameter } from '../lib/app-error.js'
import { formatBytes, MEDIA_LIMITS } from '../media/media-limits.js'

/** The cap of each AssetType (spec §2.4), and the largest for a file sent before its type. */
const CAPS: Record<string, number> = {
  Image: MEDIA_LIMITS.image.maxBytes,
  Video: MEDIA_LIMITS.video.maxBytes,
  Audio: MEDIA_LIMITS.audio.maxBytes,
}
const LARGEST = Math.max(...Object.values(CAPS))

const tooLarge = (type: string | undefined, cap: number) =>
  new AppError(
    413,
    'RequestEntityTooLarge',
    `file: the file is larger than ${formatBytes(cap)}, the most ${
      type !== undefined && type in CAPS ? `an asset of type ${type}` : 'any asset'
    } may be`,
    { param: 'file' },
  )

/** Counts bytes through a stream and fails past `cap`, so nothing beyond it reaches the disk. */
function capped(cap: number, onTooLarge: () => Error) {
  let bytes = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      if (bytes > cap) done(onTooLarge())
      else done(null, chunk)
    },
  })
  return { counter, bytes: () => bytes }
}

export interface ReceivedUpload {
  /** The text fields of the form, by name; validation is the caller's. */
  fields: Record<string, string>
  /** The `file` part, written to `dir/upload` (the sender's file name is never used). */
  path: string
  bytes: number
}

type Parts = ReturnType<FastifyRequest['parts']>

/** Reads the fields into `fields` and the one `file` part into `path`; its size, if it came. */
async function receiveParts(parts: Parts, fields: Record<string, string>, path: string) {
  let bytes: number | undefined
  for await (const part of parts) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value)
      continue
    }
    if (part.fieldname !== 'file') {
      part.file.resume()
      throw invalidParameter(
        'file',
        `the file must be sent as the part named "file", not ${JSON.stringify(part.fieldname)}`,
      )
    }
    const type = fields.AssetType
    const cap = CAPS[type ?? ''] ?? LARGEST
    const count = capped(cap, () => tooLarge(type, cap))
    await pipeline(part.file, count.counter, createWriteStream(path))
    bytes = count.bytes()
  }
  return bytes
}

/**
 * Streams UploadAsset's multipart form (spec §3, ext) to disk: its text fields, and its one part
 * named `file` into `dir` while counting bytes, so an upload past the size cap of its AssetType
 * (spec §2.4) is refused with 413 as soon as it passes it. A file sent before its `AssetType`
 * field is held to the largest cap while streaming and to its own cap once the type is known.
 */
export async function receiveUpload(request: FastifyRequest, dir: string): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw invalidParameter(
      undefined,
      'UploadAsset takes a multipart/form-data body: the fields GroupId, AssetType, Name and the file as a part named "file"',
    )
  }
  const fields: Record<string, string> = {}
  const path = join(dir, 'upload')
  const parts = request.parts({
    limits: { files: 1, fields: 10, parts: 12, fieldSize: 4096, fileSize: LARGEST + 1 },
  })
  let bytes: number | undefined
  try {
    bytes = await receiveParts(parts, fields, path)
  } catch (err) {
    // The form's own limits: @fastify/multipart answers them with 413 and a terse message.
    if ((err as { statusCode?: number }).statusCode === 413 && !(err instanceof AppError)) {
      throw new AppError(
        413,
        'RequestEntityTooLarge',
        'The form has too many parts: send GroupId, AssetType, Name and one file part named "file"',
      )
    }
    throw err
  }
  if (bytes === undefined) {
    throw invalidParameter('file', 'UploadAsset needs the file as a multipart part named "file"')
  }
  const type = fields.AssetType
  const cap = CAPS[type ?? '']
  if (cap !== undefined && bytes > cap) throw tooLarge(type, cap)
  return { fields, path, bytes }
}
