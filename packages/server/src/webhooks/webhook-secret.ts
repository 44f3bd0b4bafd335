import { randomBytes } from 'node:crypto'

/**
 * A new Standard Webhooks signing secret (protocols.md §E): `whsec_` and 32 random bytes in
 * base64. Receivers pass it as is to `new Webhook(secret)` of the `standardwebhooks` package.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/** The HMAC key of a secret: the base64 after the optional `whsec_` prefix, decoded. */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
}
