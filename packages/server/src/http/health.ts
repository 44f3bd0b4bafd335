import type { FastifyPluginAsync } from 'fastify'
import type { BlobStore } from '../blobs/blob-store.js'
import type { Queue } from '../queue/queue.js'
import type { Store } from '../store/store.js'

/** `/healthz`: the process answers. `/readyz`: its store, queue and blob store answer (spec §4). */
export const healthRoutes =
  (deps: { store: Store; queue: Queue; blobs: BlobStore }): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const check = async (fn: () => Promise<unknown>) => {
        try {
          await fn()
          return true
        } catch {
          return false
        }
      }
      const checks = {
        store: await check(async () => {
          if (!(await deps.store.ping())) throw new Error('store')
        }),
        queue: await check(() => deps.queue.depth()),
        blobs: await check(async () => {
          if (!(await deps.blobs.ping())) throw new Error('blobs')
        }),
      }
      const ready = Object.values(checks).every(Boolean)
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks })
    })
  }
