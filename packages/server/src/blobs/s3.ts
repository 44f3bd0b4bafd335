import { createReadStream, createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { notFound } from '../lib/app-error.js'
import type { BlobStore } from './blob-store.js'
import { keyPathProblem, prefixProblem } from './key-path-problem.js'
import type { S3Location } from './parse-s3-url.js'

export interface S3BlobStoreOptions extends S3Location {
  /** Explicit keys (from AWS_ACCESS_KEY_ID…); absent, the SDK's default chain (instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Part size of multipart uploads, at least 5 MiB (S3's minimum); files up to it go in one PUT. */
  partSize?: number
}

const MIB = 1024 * 1024
const FALLBACK_TYPE = 'application/octet-stream'

/**
 * The BlobStore port on an S3-compatible bucket (scale-out: API processes and workers on other
 * machines share it). Uploads stream from disk with lib-storage, in parts for large files; URLs are
 * presigned GETs that the bucket serves itself, so no Kinora process is in the download path.
 * Keys follow the same rules as the local folder's, though a bucket would accept any string.
 */
export function createS3BlobStore(opts: S3BlobStoreOptions): BlobStore {
  const client = new S3Client({
    region: opts.region ?? 'us-east-1',
    forcePathStyle: opts.forcePathStyle ?? false,
    ...(opts.endpoint === undefined ? {} : { endpoint: opts.endpoint }),
    ...(opts.credentials === undefined ? {} : { credentials: opts.credentials }),
    // Since January 2025 the SDK adds CRC32 checksums to every upload, which several S3-compatible
    // services refuse (reported for older MinIO, R2, B2); send them only where an API requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  const Bucket = opts.bucket
  const partSize = Math.max(5 * MIB, opts.partSize ?? 8 * MIB)

  const checked = (key: string): string => {
    const problem = keyPathProblem(key)
    if (problem !== null) {
      throw new Error(`The blob key ${JSON.stringify(key)} is refused: ${problem}.`)
    }
    return key
  }

  const getObject = async (key: string, range?: { start: number; end: number }) => {
    try {
      return await client.send(
        new GetObjectCommand({
          Bucket,
          Key: checked(key),
          ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
        }),
      )
    } catch (err) {
      throw isMissing(err) ? notFound('file', key) : err
    }
  }

  return {
    async putFile(key, path, contentType) {
      const upload = new Upload({
        client,
        params: {
          Bucket,
          Key: checked(key),
          Body: createReadStream(path),
          ContentType: contentType,
        },
        partSize,
        queueSize: 4,
      })
      await upload.done()
    },

    async getFile(key, path) {
      const { Body } = await getObject(key)
      await pipeline(Body as Readable, createWriteStream(path))
    },

    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: checked(key) }))
        return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? FALLBACK_TYPE }
      } catch (err) {
        if (isMissing(err)) return null
        throw err
      }
    },

    async createReadStream(key, range) {
      if (range === undefined) return (await getObject(key)).Body as Readable
      const { start, end } = range
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end) {
        throw new RangeError(`Invalid byte range ${start}-${end} for ${key}.`)
      }
      const { Body, ContentRange } = await getObject(key, range)
      return trimToRange(Body as Readable, ContentRange, range)
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: checked(key) }))
    },

    async deletePrefix(prefix) {
      const problem = prefixProblem(prefix)
      if (problem !== null) {
        throw new Error(`The blob prefix ${JSON.stringify(prefix)} is refused: ${problem}.`)
      }
      let token: string | undefined
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }),
        )
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]))
        if (keys.length > 0) {
          const result = await client.send(
            new DeleteObjectsCommand({
              Bucket,
              Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
            }),
          )
          const failed = result.Errors ?? []
          if (failed.length > 0) {
            const first = failed[0]
            throw new Error(
              `Deleting ${failed.length} blobs under ${prefix} failed, ` +
                `first ${first?.Key}: ${first?.Code} ${first?.Message}`,
            )
          }
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined
      } while (token !== undefined)
    },

    async signedUrl(key, ttlSeconds, now) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: checked(key) }), {
        expiresIn: ttlSeconds,
        signingDate: new Date(now),
      })
    },

    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }))
        return true
      } catch {
        return false
      }
    },

    async close() {
      client.destroy()
    },
  }
}

/**
 * The asked bytes of a ranged GET's body. S3 answers exactly the range; s3rver, and perhaps other
 * compatible servers, read `bytes=0-0` as `bytes=0-`, so bytes past `end` are cut off.
 */
function trimToRange(
  body: Readable,
  contentRange: string | undefined,
  { start, end }: { start: number; end: number },
): Readable {
  const served = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? '')
  if (served === null || Number(served[1]) !== start) {
    body.destroy()
    throw new Error(`The bucket answered bytes ${contentRange} to a request for ${start}-${end}.`)
  }
  if (Number(served[2]) <= end) return body
  async function* head(take: number) {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      yield chunk.subarray(0, take)
      take -= chunk.length
      if (take <= 0) return
    }
  }
  return Readable.from(head(end - start + 1))
}

/** GetObject names a missing key NoSuchKey; HEAD responses have no body, so only NotFound. */
function isMissing(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name
  return name === 'NoSuchKey' || name === 'NotFound'
}
