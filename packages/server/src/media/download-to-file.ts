import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { fetchFailed } from './fetch-failed.js'
import { safeFetch, type SafeFetchOptions } from './safe-fetch.js'

export interface Download {
  bytes: number
  contentType: string | undefined
  finalUrl: string
}

/**
 * Downloads a URL with `safeFetch` into `path` (created or replaced), for media that are then
 * probed from disk. A non-2xx answer is refused (408, 429 and 5xx as retryable); a partial file is
 * removed on any failure.
 */
export async function downloadToFile(
  url: string,
  path: string,
  opts: Omit<SafeFetchOptions, 'method' | 'body'>,
): Promise<Download> {
  const res = await safeFetch(url, opts)
  if (res.status < 200 || res.status > 299) {
    res.body.destroy()
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500
    throw fetchFailed(opts.param, `the server answered HTTP ${res.status}`, retryable)
  }
  const file = createWriteStream(path)
  try {
    await pipeline(res.body, file)
  } catch (err) {
    await rm(path, { force: true })
    throw err
  }
  return {
    bytes: file.bytesWritten,
    contentType: res.headers['content-type'],
    finalUrl: res.finalUrl,
  }
}
