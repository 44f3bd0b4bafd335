import { createHmac } from 'node:crypto'
import { webhookKey } from './webhook-secret.js'

export interface WebhookMessage {
  /** `webhook-id`: unique per message, the same on every retry; never contains a dot. */
  id: string
  /** `webhook-timestamp`: unix seconds of this attempt. */
  timestamp: number
  /** The exact body bytes sent. */
  body: string
}

/**
 * The v1 signature of protocols.md §E: base64 of HMAC-SHA256, keyed with the decoded secret, over
 * `${id}.${timestamp}.${body}`; as the `webhook-signature` entry `v1,<base64>`.
 */
export function signWebhook(secret: string, message: WebhookMessage): string {
  const content = `${message.id}.${message.timestamp}.${message.body}`
  return `v1,${createHmac('sha256', webhookKey(secret)).update(content).digest('base64')}`
}

/** The three Standard Webhooks headers of one delivery attempt. */
export function webhookHeaders(secret: string, message: WebhookMessage): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signWebhook(secret, message),
  }
}
