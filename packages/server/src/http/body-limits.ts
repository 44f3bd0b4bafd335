import type { FastifyInstance } from 'fastify'

/** Spec §1: a request body carrying media inline (data URLs) is at most 64 MB. */
export const MEDIA_BODY_LIMIT = 64 * 1024 * 1024

/** Asset actions whose JSON may carry a medium inline (`URL` as a data URL, spec §3). */
const MEDIA_ACTIONS = new Set(['CreateAsset'])

/**
 * Body limits per route, past which the answer is 413 `RequestEntityTooLarge`: routes that name a
 * `bodyLimit` keep it (task create: 64 MB), media-carrying asset actions get 64 MB, and the rest
 * the app's small default (`jsonBodyLimit`, set on the app). UploadAsset streams multipart under
 * caps of its own (spec §2.4), which fastify's body limit does not touch. Registered before the
 * routes.
 */
export function limitBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit !== undefined) return
    const action = (route.constraints as { action?: unknown } | undefined)?.action
    if (typeof action === 'string' && MEDIA_ACTIONS.has(action)) route.bodyLimit = MEDIA_BODY_LIMIT
  })
}
