import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { assetRoutes } from './assets/action-routes.js'
import type { AssetService } from './assets/asset-service.js'
import type { BlobStore } from './blobs/blob-store.js'
import type { ModelRoute } from './engines/models.js'
import { errorHandler } from './http/error-handler.js'
import { fileRoutes } from './http/files.js'
import { healthRoutes } from './http/health.js'
import { modelRoutes } from './http/models.js'
import { registerOpenApi } from './http/openapi.js'
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
}

/** Spec §1: request bodies up to 64 MB. */
const BODY_LIMIT = 64 * 1024 * 1024

/** The HTTP app: every route, the error envelope and timeouts. Listening is the caller's job. */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    bodyLimit: BODY_LIMIT,
    requestTimeout: 120_000,
    connectionTimeout: 30_000,
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
  await registerOpenApi(app, deps.version)
  await app.register(healthRoutes(deps))
  await app.register(fileRoutes(deps))
  await app.register(modelRoutes(deps.routes), { prefix: '/api/v3' })
  await app.register(taskRoutes(deps), { prefix: '/api/v3/contents/generations' })
  await app.register(callbackRoutes(deps), { prefix: '/api/v3/contents/generations' })
  await app.register(assetRoutes(deps))
  return app
}
