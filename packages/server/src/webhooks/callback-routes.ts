import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { projectOf } from '../http/auth.js'
import type { Store } from '../store/store.js'
import { callbackAttemptList, errorEnvelope, taskIdParams } from '../tasks/schema.js'
import type { TaskService } from '../tasks/service.js'
import type { WebhookStore } from './webhook-store.js'

/**
 * (ext) `GET /api/v3/contents/generations/tasks/{id}/callbacks`: the delivery attempts of a task's
 * callbacks, oldest first, so a task's owner can see what their receiver answered (spec §2.5).
 */
export const callbackRoutes =
  (deps: { tasks: TaskService; store: Store; webhooks: WebhookStore }): FastifyPluginAsync =>
  async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/tasks/:id/callbacks',
      {
        schema: {
          summary: "List the delivery attempts of a task's callbacks (Kinora extension)",
          tags: ['tasks'],
          params: taskIdParams,
          response: { 200: callbackAttemptList, 401: errorEnvelope, 404: errorEnvelope },
        },
      },
      async (request) => {
        const project = await projectOf(request, deps.store)
        const task = await deps.tasks.get(project, request.params.id)
        const attempts = await deps.webhooks.listAttempts(task.id)
        return {
          items: attempts.map((a) => ({
            webhook_id: a.messageId,
            status: a.event,
            attempt: a.attempt,
            url: a.url,
            http_status: a.httpStatus,
            delivered: a.error === null,
            error: a.error,
            sent_at: Math.floor(a.at / 1000),
            duration_ms: a.durationMs,
          })),
        }
      },
    )
  }
