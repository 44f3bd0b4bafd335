import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
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

/** Who sent a request: its project, and the id of its API key (null in open mode). */
export interface Caller {
  projectId: string
  keyId: string | null
}

const callers = new WeakMap<FastifyRequest, Promise<Caller>>()

/**
 * The caller of a request, from its Bearer key, resolved once per request (the rate limit asks
 * before the route does). With no keys at all the server is in open single-project mode (it then
 * listens on loopback only, enforced at start).
 */
export function callerOf(request: FastifyRequest, store: Store): Promise<Caller> {
  let caller = callers.get(request)
  if (caller === undefined) {
    caller = resolveCaller(request, store)
    callers.set(request, caller)
  }
  return caller
}

/** The project of a request (spec §1); 401 `AuthenticationError` without a valid key. */
export async function projectOf(request: FastifyRequest, store: Store): Promise<string> {
  return (await callerOf(request, store)).projectId
}

/**
 * Keys are found by the sha256 of the secret, so the lookup's timing can only tell an attacker
 * about hashes of guesses, never about the stored secret; the found hash is still compared in
 * constant time, in case a driver matched loosely.
 */
async function resolveCaller(request: FastifyRequest, store: Store): Promise<Caller> {
  const header = request.headers.authorization
  if ((await store.countApiKeys()) === 0) return { projectId: DEFAULT_PROJECT, keyId: null }
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
  if (!match) {
    throw unauthorized(
      'Send your API key as "Authorization: Bearer <key>" (create one with `kinora keys create --project NAME`)',
    )
  }
  const hash = hashKey(match[1]!)
  const key = await store.findApiKeyByHash(hash)
  if (!key || !sameSecret(key.hash, hash))
    throw unauthorized(
      'The API key is not valid; check it or create a new one with `kinora keys create`',
    )
  return { projectId: key.projectId, keyId: key.id }
}

/**
 * Whether two secrets (or hashes) are equal, in constant time: both are hashed to 32 bytes first,
 * so not even their lengths show.
 */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}
