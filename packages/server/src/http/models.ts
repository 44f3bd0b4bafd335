import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { ModelRoute } from '../engines/models.js'
import { modelsResponse } from '../tasks/schema.js'

/**
 * `GET /api/v3/models` (ext): every model id this server routes, the engine behind it, and the
 * modes, resolutions, durations and sound it serves (a request outside them is a 400).
 */
export const modelRoutes =
  (routes: readonly ModelRoute[]): FastifyPluginAsync =>
  async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/models',
      {
        schema: {
          summary: 'List the models this server routes',
          tags: ['models'],
          response: { 200: modelsResponse },
        },
      },
      async () => ({
        object: 'list' as const,
        data: routes.map((r) => ({
          id: r.id,
          object: 'model' as const,
          engine: r.engine,
          aliases: r.aliases,
          modes: r.modes,
          resolutions: r.resolutions,
          durations: r.durations,
          generate_audio: r.audio,
        })),
      }),
    )
  }
