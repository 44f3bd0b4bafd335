import type { Readable } from 'node:stream'

export interface BlobStat {
  size: number
  contentType: string
}

/**
 * The BlobStore port: inputs and outputs by key (`tasks/<id>/video.mp4`). Drivers: a local folder
 * whose URLs are HMAC-signed and served by the app, and an S3-compatible bucket with presigned URLs.
 * Keys are made by Kinora, never by users; drivers still refuse keys that could escape their root.
 */
export interface BlobStore {
  /** Stores a local file under `key` (a copy; the source stays). */
  putFile(key: string, path: string, contentType: string): Promise<void>
  /** Copies the blob to a local path (workers read inputs this way). */
  getFile(key: string, path: string): Promise<void>
  stat(key: string): Promise<BlobStat | null>
  /** A byte range, inclusive `end`, for HTTP Range serving. */
  createReadStream(key: string, range?: { start: number; end: number }): Promise<Readable>
  delete(key: string): Promise<void>
  /** Deletes every key that starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>
  /** An absolute download URL valid for `ttlSeconds`. */
  signedUrl(key: string, ttlSeconds: number, now: number): Promise<string>
  ping(): Promise<boolean>
  close(): Promise<void>
}
