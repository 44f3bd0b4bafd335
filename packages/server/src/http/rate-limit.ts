import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { rateLimitExceeded } from '../lib/app-error.js'
import type { Store } from '../store/store.js'
import { callerOf } from './auth.js'

/**
 * Whether a route counts against the rate limit: the task API under `/api/` and the asset API
 * (`POST /?Action=…`). Health, readiness, metrics, docs, the playground and signed file downloads
 * are exempt.
 */
export function isRateLimited(route: Pick<RouteOptions, 'url' | 'method'>): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  return route.url.startsWith('/api/') || (route.url === '/' && methods.includes('POST'))
}

/**
 * The per-key request rate limit of spec §4: `perMinute` requests a minute per API key, or per
 * client address when the key is missing or invalid (open mode, failed auth). Past it: 429
 * `RateLimitExceeded` with `Retry-After` (seconds until the window ends) and the
 * `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset` headers, which every limited
 * answer carries. Counts live in this process: N API processes allow N times the limit.
 * Registered before the routes it guards; `perMinute` 0 registers nothing.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  opts: { perMinute: number; store: Store },
): Promise<void> {
  if (opts.perMinute <= 0) return
  app.addHook('onRoute', (route) => {
    // Runs before the plugin's own onRoute hook, which skips routes whose rateLimit is false.
    if (!isRateLimited(route)) route.config = { ...route.config, rateLimit: false }
  })
  await app.register(rateLimit, {
    max: opts.perMinute,
    timeWindow: 60_000,
    keyGenerator: async (request) => {
      const caller = await callerOf(request, opts.store).catch(() => null)
      return caller?.keyId ? `key:${caller.keyId}` : `ip:${request.ip}`
    },
    errorResponseBuilder: (_request, context) =>
      rateLimitExceeded(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
  })
}
