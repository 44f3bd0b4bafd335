import type { ServerOptions } from 'node:http'
import type { Config } from '../config.js'

/**
 * The HTTP hardening settings (docs/configuration.md): rate limit, timeouts, overload guard,
 * body limit and /metrics auth. `config.ts` reads them; tests pass their own.
 */
export interface HttpSettings {
  /** Requests a minute per API key (per client address in open mode); 0 turns the limit off. */
  rateLimitPerMinute: number
  /** A socket with nothing sent or received this long is closed. */
  connectionTimeoutMs: number
  /** A request whose headers and body have not all arrived by then is answered 408 and closed. */
  requestTimeoutMs: number
  /** The same for the headers alone, so a client dripping headers is dropped early. */
  headersTimeoutMs: number
  /** An idle kept-alive connection is closed after this long. */
  keepAliveTimeoutMs: number
  /** Bodies of routes without a limit of their own (create and CreateAsset take 64 MB, spec §1). */
  jsonBodyLimit: number
  overload: OverloadSettings
  /** When set, `GET /metrics` wants `Authorization: Bearer <token>`; otherwise it is public. */
  metricsToken?: string | undefined
}

/** The overload guard (http/overload.ts); a threshold of 0 is not checked. */
export interface OverloadSettings {
  /** Mean event-loop delay, sampled every second. */
  maxEventLoopDelayMs: number
  maxHeapUsedBytes: number
  maxRssBytes: number
  /** The Retry-After of a 503. */
  retryAfterSeconds: number
  /** A check of the process's own (tests make the guard trip with it); false means overloaded. */
  healthCheck?: () => Promise<boolean>
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  rateLimitPerMinute: 600,
  connectionTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 10_000,
  jsonBodyLimit: 1024 * 1024,
  overload: {
    maxEventLoopDelayMs: 1000,
    maxHeapUsedBytes: 0,
    maxRssBytes: 0,
    retryAfterSeconds: 10,
  },
}

/** The settings a config names. */
export function httpSettingsOf(config: Config): HttpSettings {
  return {
    rateLimitPerMinute: config.rateLimit,
    connectionTimeoutMs: config.connectionTimeoutSeconds * 1000,
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    headersTimeoutMs: config.headersTimeoutSeconds * 1000,
    keepAliveTimeoutMs: config.keepAliveTimeoutSeconds * 1000,
    jsonBodyLimit: DEFAULT_HTTP_SETTINGS.jsonBodyLimit,
    overload: {
      maxEventLoopDelayMs: config.maxEventLoopDelayMs,
      maxHeapUsedBytes: config.maxHeapUsedBytes,
      maxRssBytes: config.maxRssBytes,
      retryAfterSeconds: DEFAULT_HTTP_SETTINGS.overload.retryAfterSeconds,
    },
    metricsToken: config.metricsToken,
  }
}

/**
 * Fastify's server options for the timeouts. Node checks the headers and request deadlines of
 * open connections on an interval (30 s by default, which would stretch a 10 s headers deadline
 * to 40 s); a short interval keeps them close to what is configured.
 */
export function serverTimeouts(s: HttpSettings): {
  connectionTimeout: number
  requestTimeout: number
  keepAliveTimeout: number
  http: ServerOptions
} {
  return {
    connectionTimeout: s.connectionTimeoutMs,
    requestTimeout: s.requestTimeoutMs,
    keepAliveTimeout: s.keepAliveTimeoutMs,
    http: {
      headersTimeout: s.headersTimeoutMs,
      requestTimeout: s.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.max(100, s.headersTimeoutMs / 4)),
    },
  }
}
