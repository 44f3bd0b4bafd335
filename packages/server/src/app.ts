import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { assetRoutes } from './assets/action-routes.js'
import type { AssetService } from './assets/asset-service.js'
import type { BlobStore } from './blobs/blob-store.js'
import type { ModelRoute } from './engines/models.js'
import { limitBodies } from './http/body-limits.js'
import { clientErrorHandler } from './http/client-error.js'
import { errorHandler } from './http/error-handler.js'
import { fileRoutes } from './http/files.js'
import { healthRoutes } from './http/health.js'
import { DEFAULT_HTTP_SETTINGS, serverTimeouts, type HttpSettings } from './http/http-settings.js'
import { registerMetrics } from './http/metrics.js'
import { modelRoutes } from './http/models.js'
import { registerOpenApi } from './http/openapi.js'
import { registerOverloadGuard } from './http/overload.js'
import { playgroundRoutes } from './http/playground/playground-routes.js'
import { registerRateLimit } from './http/rate-limit.js'
import { AppError } from './lib/app-error.js'
import type { Clock } from './lib/clock.js'
import type { Queue } from './queue/queue.js'
import type { Store } from './store/store.js'
import { taskRoutes } from './tasks/routes.js'
import type { TaskService } from './tasks/service.js'
import { callbackRoutes } from './webhooks/callback-routes.js'
import type { WebhookStore } from './webhooks/webhook-store.js'

export interface AppDeps {
  store: Store
  queue: Queue
  blobs: BlobStore
  tasks: TaskService
  assets: AssetService
  webhooks: WebhookStore
  clock: Clock
  routes: readonly ModelRoute[]
  secret: string
  urlTtlSeconds: number
  version: string
  logLevel?: string
  /** Rate limit, timeouts, overload guard, body limit, metrics auth; defaults when absent. */
  http?: HttpSettings
}

/**
 * The HTTP app: every route, the error envelope, timeouts, body limits, the rate limit, the
 * overload guard and metrics. Listening is the caller's job.
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const http = deps.http ?? DEFAULT_HTTP_SETTINGS
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    bodyLimit: http.jsonBodyLimit,
    ...serverTimeouts(http),
    clientErrorHandler,
    genReqId: () => crypto.randomUUID(),
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => {
    errorHandler(
      new AppError(
        404,
        'NotFound',
        `There is no ${request.method} ${request.url.split('?')[0]} endpoint`,
      ),
      request,
      reply,
    )
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  // Hooks that act on the routes registered after them.
  limitBodies(app)
  registerMetrics(app, { store: deps.store, queue: deps.queue, token: http.metricsToken })
  await registerOverloadGuard(app, http.overload)
  await registerRateLimit(app, { perMinute: http.rateLimitPerMinute, store: deps.store })
  await registerOpenApi(app, deps.version)
  await app.register(healthRoutes(deps))
  await app.register(fileRoutes(deps))
  await app.register(modelRoutes(deps.routes), { prefix: '/api/v3' })
  await app.register(taskRoutes(deps), { prefix: '/api/v3/contents/generations' })
  await app.register(callbackRoutes(deps), { prefix: '/api/v3/contents/generations' })
  await app.register(assetRoutes(deps))
  await app.register(playgroundRoutes(deps))
  return app
}
