import { isAppError } from '../lib/app-error.js'
import { safeFetch, type SafeFetchOptions } from '../media/safe-fetch.js'
import { webhookHeaders, type WebhookMessage } from './sign-webhook.js'

export interface DeliveryOptions {
  /** Connect to private, loopback and link-local addresses (`KINORA_ALLOW_PRIVATE_URLS`). */
  allowPrivate: boolean
  /** Deadline for the whole attempt (spec §2.5: 5 s). */
  timeoutMs?: number
  /** Address policy and resolver overrides of the safe fetcher, for tests. */
  fetch?: Pick<SafeFetchOptions, 'isAllowedAddress' | 'lookup'>
  signal?: AbortSignal
}

export interface DeliveryResult {
  /** The receiver answered 2xx. */
  ok: boolean
  httpStatus: number | null
  /** Why it failed, phrased for the task's owner; null when ok. */
  error: string | null
  durationMs: number
}

/**
 * One signed POST of a callback (spec §2.5, protocols.md §E): JSON body, Standard Webhooks headers,
 * through the safe fetcher so the private-address rule of media URLs applies, redirects refused
 * (a 3xx is a failure), a 5 s deadline. Never throws: the result says what happened.
 */
export async function deliverCallback(
  url: string,
  secret: string,
  message: WebhookMessage,
  opts: DeliveryOptions,
): Promise<DeliveryResult> {
  const timeoutMs = opts.timeoutMs ?? 5_000
  const deadline = AbortSignal.timeout(timeoutMs)
  const started = Date.now()
  const done = (httpStatus: number | null, error: string | null) => ({
    ok: error === null,
    httpStatus,
    error,
    durationMs: Date.now() - started,
  })
  try {
    const res = await safeFetch(url, {
      ...opts.fetch,
      param: 'callback_url',
      maxBytes: 64 * 1024,
      allowPrivate: opts.allowPrivate,
      maxRedirects: 0,
      connectTimeoutMs: timeoutMs,
      idleTimeoutMs: timeoutMs,
      signal: opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline,
      method: 'POST',
      body: message.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kinora-Webhooks',
        ...webhookHeaders(secret, message),
      },
    })
    // The answer's body means nothing to us; dropping it frees the connection.
    res.body.destroy()
    if (res.status >= 200 && res.status <= 299) return done(res.status, null)
    const redirect = res.status >= 300 && res.status <= 399 ? '; redirects are not followed' : ''
    return done(res.status, `the receiver answered HTTP ${res.status}${redirect}`)
  } catch (err) {
    if (deadline.aborted) return done(null, `no answer within ${timeoutMs / 1000} s`)
    if (opts.signal?.aborted) return done(null, 'delivery stopped: the server is shutting down')
    if (isAppError(err)) return done(null, err.message)
    return done(null, `the request failed: ${(err as Error).message}`)
  }
}
