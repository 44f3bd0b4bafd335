import { createHmac, timingSafeEqual } from 'node:crypto'

/** Unix seconds in canonical decimal form: the signed text must have exactly one spelling. */
const EXP = /^(0|[1-9]\d{0,14})$/
const SIG = /^[0-9a-f]{64}$/

const hmac = (key: string, exp: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(`${key}\n${exp}`).digest()

/**
 * A link to a local blob, served by the app's `/files/*` route (spec §2.5):
 * `<publicUrl>/files/<key>?exp=<unix seconds>&sig=<hex HMAC-SHA256 of "key\nexp">`.
 * Each key segment is percent-encoded on its own, so a `?` or `#` in a key cannot end the path;
 * the route receives the decoded key. The link is valid until `exp`, `ttlSeconds` after `nowMs`.
 */
export function signBlobUrl(
  publicUrl: string,
  key: string,
  ttlSeconds: number,
  secret: string,
  nowMs: number,
): string {
  const exp = String(Math.floor(nowMs / 1000) + Math.floor(ttlSeconds))
  const sig = hmac(key, exp, secret).toString('hex')
  const path = key.split('/').map(encodeURIComponent).join('/')
  return `${publicUrl.replace(/\/+$/, '')}/files/${path}?exp=${exp}&sig=${sig}`
}

/**
 * True when `sig` is this server's signature of `key` and `exp`, and `exp` has not passed at
 * `nowMs` (a link is valid before the second `exp`, not at it). False for anything else, including
 * malformed values, so the route can answer every failure with the same 403. The comparison takes
 * the same time wherever the signatures differ.
 */
export function verifyBlobSignature(
  key: string,
  exp: string,
  sig: string,
  secret: string,
  nowMs: number,
): boolean {
  if (!EXP.test(exp) || !SIG.test(sig)) return false
  if (nowMs >= Number(exp) * 1000) return false
  return timingSafeEqual(Buffer.from(sig, 'hex'), hmac(key, exp, secret))
}
