import type { FastifyPluginAsync } from 'fastify'
import type { BlobStore } from '../blobs/blob-store.js'
import { verifyBlobSignature } from '../blobs/url-signature.js'
import { accessDenied, AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import { envelope } from './error-handler.js'

export interface FileRoutesDeps {
  blobs: BlobStore
  secret: string
  clock: Clock
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` against a size; null when unsatisfiable. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null
  let start: number
  let end: number
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0) return null
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  return start <= end && start < size ? { start, end } : null
}

/**
 * Serves local blobs behind HMAC-signed links (spec §2.5): expired and altered links get the same
 * 403 `AccessDenied` body, so a client cannot tell which check failed. Range requests are honoured
 * so players can seek.
 */
export const fileRoutes =
  (deps: FileRoutesDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { '*': string }; Querystring: { exp?: string; sig?: string } }>(
      '/files/*',
      { schema: { hide: true } },
      async (request, reply) => {
        const key = request.params['*']
        const { exp, sig } = request.query
        const ok =
          typeof exp === 'string' &&
          typeof sig === 'string' &&
          verifyBlobSignature(key, exp, sig, deps.secret, deps.clock.now())
        const stat = ok ? await deps.blobs.stat(key) : null
        if (!stat) return reply.status(403).send(envelope(accessDenied()))
        reply.header('accept-ranges', 'bytes')
        const rangeHeader = request.headers.range
        const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, stat.size)
        if (range === null) {
          reply.header('content-range', `bytes */${stat.size}`)
          return reply
            .status(416)
            .send(
              envelope(
                new AppError(
                  416,
                  'InvalidRange',
                  `The range ${rangeHeader} is outside the file (${stat.size} bytes)`,
                ),
              ),
            )
        }
        reply
          .header('content-type', stat.contentType)
          .header('cache-control', 'private, max-age=3600')
        if (range === undefined) {
          reply.header('content-length', stat.size)
          return reply.send(await deps.blobs.createReadStream(key))
        }
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`)
          .header('content-length', range.end - range.start + 1)
        return reply.send(await deps.blobs.createReadStream(key, range))
      },
    )
  }
