import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createS3BlobStore } from './s3.js'
import { describeBlobStore } from './test-describe-blob-store.js'
import { S3RVER_CREDENTIALS, startS3rver, type TestS3Server } from './test-s3rver.js'
import { verifyPresignedUrl } from './test-verify-presigned-url.js'

const REGION = 'us-east-1'
let server: TestS3Server
let admin: S3Client
let buckets = 0

beforeAll(async () => {
  server = await startS3rver([])
  admin = new S3Client({
    endpoint: server.endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  })
})
afterAll(async () => {
  admin.destroy()
  await server.close()
})

/** A store on a new, empty bucket. */
async function openBucket(partSize?: number) {
  const bucket = `kinora-test-${buckets++}`
  await admin.send(new CreateBucketCommand({ Bucket: bucket }))
  const blobs = createS3BlobStore({
    bucket,
    endpoint: server.endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    ...(partSize === undefined ? {} : { partSize }),
  })
  return { bucket, blobs }
}

/**
 * Whether S3 would serve `url` at `nowMs`: the signature and validity window checked as S3 checks
 * them (s3rver does not verify V4 signatures), and s3rver serving the object with its own clock
 * set to `nowMs`, which proves the URL names the object and checks expiry a second time.
 */
async function checkUrl(url: string, nowMs: number): Promise<boolean> {
  if (!verifyPresignedUrl(url, S3RVER_CREDENTIALS, REGION, nowMs)) return false
  vi.useFakeTimers({ toFake: ['Date'], now: nowMs })
  try {
    const response = await fetch(url)
    await response.arrayBuffer()
    return response.ok
  } finally {
    vi.useRealTimers()
  }
}

describeBlobStore('s3 (s3rver)', async () => {
  const { blobs } = await openBucket()
  return { blobs, checkUrl, cleanup: () => blobs.close() }
})

describe('createS3BlobStore', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinora-s3-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true })
  })

  it('uploads a file larger than the part size in parts and reads it back whole', async () => {
    const { bucket, blobs } = await openBucket(5 * 1024 * 1024)
    const bytes = randomBytes(12 * 1024 * 1024 + 17)
    const source = join(dir, 'big.mp4')
    await writeFile(source, bytes)
    await blobs.putFile('tasks/cgt-1/video.mp4', source, 'video/mp4')
    const parts = server.requests.filter((r) =>
      new RegExp(`^PUT /${bucket}/tasks/cgt-1/video.mp4\\?.*partNumber=`).test(r),
    )
    expect(parts).toHaveLength(3)
    const copy = join(dir, 'copy.mp4')
    await blobs.getFile('tasks/cgt-1/video.mp4', copy)
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex')
    expect(digest(await readFile(copy))).toBe(digest(bytes))
    await blobs.close()
  })

  it('presigns for exactly the lifetime asked, from the time given', async () => {
    const { blobs } = await openBucket()
    const url = new URL(await blobs.signedUrl('tasks/cgt-1/video.mp4', 43_200, 1_795_622_457_900))
    expect(url.searchParams.get('X-Amz-Expires')).toBe('43200')
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261125T160057Z')
    await blobs.close()
  })

  it('answers ping with false for a bucket that does not exist', async () => {
    const blobs = createS3BlobStore({
      bucket: 'no-such-bucket',
      endpoint: server.endpoint,
      region: REGION,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    })
    expect(await blobs.ping()).toBe(false)
    await blobs.close()
  })
})
