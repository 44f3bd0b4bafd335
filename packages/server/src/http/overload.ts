import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import { serviceUnavailable } from '../lib/app-error.js'
import type { OverloadSettings } from './http-settings.js'

/** Answered even under pressure: liveness, readiness and the metrics that show the pressure. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics'])

/**
 * Refuses requests at once with 503 `ServiceUnavailable` and `Retry-After` while the process is
 * overloaded (mean event-loop delay, heap or RSS past their thresholds, or the health check
 * failing) instead of letting them queue up and time out. Registered before the routes.
 */
export async function registerOverloadGuard(
  app: FastifyInstance,
  s: OverloadSettings,
): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: s.maxEventLoopDelayMs,
    maxHeapUsedBytes: s.maxHeapUsedBytes,
    maxRssBytes: s.maxRssBytes,
    retryAfter: s.retryAfterSeconds,
    ...(s.healthCheck ? { healthCheck: s.healthCheck, healthCheckInterval: 1000 } : {}),
    pressureHandler: async (request, reply) => {
      if (EXEMPT.has(request.routeOptions.url ?? '')) return
      void reply.header('retry-after', String(s.retryAfterSeconds))
      throw serviceUnavailable(s.retryAfterSeconds)
    },
  })
}
