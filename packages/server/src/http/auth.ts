import { createHash, randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { unauthorized } from '../lib/app-error.js'
import type { Store } from '../store/store.js'

/** The project served without auth while no key exists (spec §1). */
export const DEFAULT_PROJECT = 'default'

export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** A new API key: the secret is shown once; only its hash is stored. */
export function newApiKey(): string {
  return `kn-${randomBytes(24).toString('base64url')}`
}

/**
 * Resolves the project of a request from its Bearer key. With no keys at all the server is in
 * open single-project mode (it then listens on loopback only, enforced at start).
 */
export async function projectOf(request: FastifyRequest, store: Store): Promise<string> {
  const header = request.headers.authorization
  if ((await store.countApiKeys()) === 0) return DEFAULT_PROJECT
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
  if (!match) {
    throw unauthorized(
      'Send your API key as "Authorization: Bearer <key>" (create one with `kinora keys create --project NAME`)',
    )
  }
  const key = await store.findApiKeyByHash(hashKey(match[1]!))
  if (!key)
    throw unauthorized(
      'The API key is not valid; check it or create a new one with `kinora keys create`',
    )
  return key.projectId
}
