import { rm } from 'node:fs/promises'
import { AppError, internal, isAppError } from '../lib/app-error.js'
import { downloadToFile } from '../media/download-to-file.js'
import { safeFetch } from '../media/safe-fetch.js'

/** A request to an operator-configured service (the Seedance upstream, a ComfyUI server). */
export interface UpstreamRequest {
  method?: string
  headers?: Record<string, string>
  /** Sent as JSON, or as it is when a Buffer (give its content-type in `headers`). */
  body?: unknown
  signal: AbortSignal
  /** Socket inactivity allowed (default 30 s). */
  idleTimeoutMs?: number
}

export interface UpstreamAnswer {
  status: number
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown
  text: string
}

const MAX_ANSWER_BYTES = 16 * 1024 * 1024
const MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024 * 1024

/** Whether an upstream's HTTP status is worth trying again (408, 429 and 5xx). */
export const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500

/**
 * One HTTP exchange with `service` (its name, for messages) through the safe fetcher. The host is
 * the operator's own, so private addresses are allowed. Any status is returned; failing to connect
 * or to read the answer is an engine fault (`InternalServiceError`, retryable when transient), and
 * an abort rethrows the signal's reason.
 */
export async function upstreamRequest(
  service: string,
  url: string,
  req: UpstreamRequest,
): Promise<UpstreamAnswer> {
  const raw = Buffer.isBuffer(req.body)
  const headers = {
    accept: 'application/json',
    ...(req.body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
    ...req.headers,
  }
  try {
    const res = await safeFetch(url, {
      param: service,
      maxBytes: MAX_ANSWER_BYTES,
      allowPrivate: true,
      idleTimeoutMs: req.idleTimeoutMs ?? 30_000,
      signal: req.signal,
      method: req.method ?? 'GET',
      headers,
      ...(req.body === undefined
        ? {}
        : { body: raw ? (req.body as Buffer) : JSON.stringify(req.body) }),
    })
    const chunks: Buffer[] = []
    for await (const chunk of res.body) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let json: unknown
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.status, json, text }
  } catch (err) {
    throw asEngineFault(err, req.signal)
  }
}

/** Downloads a file an upstream made (its result) to `path`, like `upstreamRequest`. */
export async function upstreamDownload(
  service: string,
  url: string,
  path: string,
  signal: AbortSignal,
): Promise<void> {
  try {
    await downloadToFile(url, path, {
      param: service,
      maxBytes: MAX_DOWNLOAD_BYTES,
      allowPrivate: true,
      idleTimeoutMs: 60_000,
      signal,
    })
  } catch (err) {
    await rm(path, { force: true })
    throw asEngineFault(err, signal)
  }
}

/** The fetcher's client-facing `InvalidParameter` becomes an engine fault with the same advice. */
function asEngineFault(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason
  if (isAppError(err)) return internal(err.message, { retryable: err.retryable, cause: err })
  return internal(`Talking to an upstream failed: ${String(err)}`, { retryable: true, cause: err })
}

/**
 * Runs `attempt` until it succeeds, it throws something not retryable, or `tries` are spent;
 * waits with exponential backoff and full jitter between tries, from `baseMs` up to 30 s.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  opts: { tries: number; baseMs: number; signal: AbortSignal },
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt()
    } catch (err) {
      const retry = err instanceof AppError && err.retryable && i < opts.tries
      if (!retry || opts.signal.aborted) throw err
      await sleep(Math.random() * Math.min(30_000, opts.baseMs * 2 ** (i - 1)), opts.signal)
    }
  }
}

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const done = () => {
      signal.removeEventListener('abort', stop)
      resolve()
    }
    const timer = setTimeout(done, ms)
    const stop = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', stop, { once: true })
  })
}
