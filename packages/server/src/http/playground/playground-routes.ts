import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { BlobStore } from '../../blobs/blob-store.js'
import { AppError } from '../../lib/app-error.js'
import type { Clock } from '../../lib/clock.js'
import { listStaticFiles, readStaticFile, type StaticFile } from './static-dir.js'

export interface PlaygroundDeps {
  blobs: BlobStore
  clock: Clock
}

/**
 * The page's own files: `packages/server/playground/`, beside `src` and `dist` (this file sits at
 * the same depth in both), shipped through `files` in the package.json.
 */
export const PAGE_ROOT = fileURLToPath(new URL('../../../playground/', import.meta.url))

/** The built `@kinora/client`, served to the page so it calls the API through the SDK. */
function clientRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('@kinora/client'))
}

/**
 * The policy of every playground answer: nothing but Kinora's own scripts, styles and API, no
 * inline script, no framing. Videos and images may also come from `mediaOrigin`, where the blob
 * store's signed links point (the public URL, or an S3 endpoint).
 */
export function contentSecurityPolicy(mediaOrigin?: string): string {
  const media = ["'self'", 'data:', 'blob:', ...(mediaOrigin ? [mediaOrigin] : [])].join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${media}`,
    `media-src ${media}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

const notFound = (url: string) =>
  new AppError(404, 'NotFound', `There is no GET ${url.split('?')[0]} endpoint`)

/**
 * The playground (spec §4): `GET /` serves the page, `/playground/*` its styles and browser ES
 * modules, and `/playground/client/*` the SDK's ESM build. Public, like `/docs`: the page asks for
 * the API key and sends it with each API call. Hidden from the OpenAPI document.
 */
export const playgroundRoutes =
  (deps: PlaygroundDeps): FastifyPluginAsync =>
  async (app) => {
    const page = await listStaticFiles(PAGE_ROOT).catch((err: unknown) => {
      app.log.warn({ err }, `the playground's files are missing from ${PAGE_ROOT}`)
      return new Map<string, StaticFile>()
    })
    let client: Map<string, StaticFile> | undefined

    /** Where signed file links point, when that is not this server's origin. */
    const mediaOrigin = async (): Promise<string | undefined> => {
      try {
        return new URL(await deps.blobs.signedUrl('playground/probe', 60, deps.clock.now())).origin
      } catch {
        return undefined
      }
    }

    const send = async (reply: FastifyReply, file: StaticFile) =>
      reply
        .header('content-type', file.contentType)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', contentSecurityPolicy(await mediaOrigin()))
        .send(await readStaticFile(file))

    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const index = page.get('index.html')
      if (!index) throw notFound(request.url)
      return send(reply, index)
    })

    app.get<{ Params: { '*': string } }>(
      '/playground/client/*',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!client) {
          try {
            client = await listStaticFiles(clientRoot())
          } catch {
            throw new AppError(
              503,
              'ServiceUnavailable',
              'The playground needs the built @kinora/client; run `npm run build`',
            )
          }
        }
        const file = client.get(request.params['*'])
        if (!file || file.contentType !== 'text/javascript; charset=utf-8') {
          throw notFound(request.url)
        }
        return send(reply, file)
      },
    )

    app.get<{ Params: { '*': string } }>(
      '/playground/*',
      { schema: { hide: true } },
      async (request, reply) => {
        const file = page.get(request.params['*'])
        if (!file) throw notFound(request.url)
        return send(reply, file)
      },
    )
  }
