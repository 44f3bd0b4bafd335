/** Exponential backoff between attempts, in milliseconds: `initial × 2^attempt`, at most `max`. */
export interface Backoff {
  initial: number
  max: number
}

/** The longest `Retry-After` the client obeys; a server asking for more gets this. */
export const MAX_RETRY_AFTER = 60_000

/** 408, 429 and 5xx may succeed later; every other 4xx would fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/**
 * How long to wait before retry number `attempt + 1`. The server's `Retry-After` (seconds or an
 * HTTP date) wins, capped at {@link MAX_RETRY_AFTER}; otherwise exponential backoff less up to 25 %
 * jitter, so clients that failed together do not retry together.
 */
export function retryDelay(
  attempt: number,
  headers: Headers | undefined,
  backoff: Backoff,
  now = Date.now(),
): number {
  const after = parseRetryAfter(headers?.get('retry-after') ?? null, now)
  if (after !== undefined) return Math.min(after, MAX_RETRY_AFTER)
  return Math.min(backoff.initial * 2 ** attempt, backoff.max) * (1 - Math.random() * 0.25)
}

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
