import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { unauthorized } from '../lib/app-error.js'
import { renderSeconds } from '../lib/render-metrics.js'
import type { Queue } from '../queue/queue.js'
import type { Store } from '../store/store.js'
import { sameSecret } from './auth.js'

export interface MetricsDeps {
  store: Store
  queue: Queue
  /** When set, scrapes need `Authorization: Bearer <token>`. */
  token?: string | undefined
}

/** A request's route as a label: its pattern, or its action for the asset API, never raw URLs. */
function routeOf(request: FastifyRequest): string {
  const { url, schema } = request.routeOptions
  const action = (schema as { operationId?: unknown } | undefined)?.operationId
  if (url === '/' && request.method === 'POST' && typeof action === 'string') {
    return `/?Action=${action}`
  }
  return url ?? '(unmatched)'
}

/**
 * `GET /metrics` (spec §4): Prometheus text from a registry of this app's own. Queue depth and
 * tasks by status (all projects) are read from the store at each scrape; render seconds come from
 * this process's worker; HTTP requests are counted and timed by method, route and status.
 * Public like /healthz unless a token is configured. Registered before the routes it counts.
 */
export function registerMetrics(app: FastifyInstance, deps: MetricsDeps): void {
  const registry = new Registry()
  const registers = [registry]
  registry.registerMetric(renderSeconds)
  new Gauge({
    name: 'kinora_queue_depth',
    help: 'Tasks waiting to be claimed',
    registers,
    async collect() {
      this.set(await deps.queue.depth())
    },
  })
  new Gauge({
    name: 'kinora_tasks',
    help: 'Tasks of all projects by status',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const counts = await deps.store.countTasksByStatus()
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n)
    },
  })
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'kinora_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames,
    registers,
  })
  const seconds = new Histogram({
    name: 'kinora_http_request_duration_seconds',
    help: 'Seconds to answer HTTP requests, by method, route and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  })

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: routeOf(request), status: reply.statusCode }
    requests.inc(labels)
    seconds.observe(labels, reply.elapsedTime / 1000)
  })

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (deps.token !== undefined) {
      const match = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)
      if (!match || !sameSecret(match[1]!, deps.token)) {
        throw unauthorized(
          'Send the metrics token as "Authorization: Bearer <KINORA_METRICS_TOKEN>"',
        )
      }
    }
    return reply.header('content-type', registry.contentType).send(await registry.metrics())
  })
}
