import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { signWebhook, webhookHeaders } from './sign-webhook.js'
import { newWebhookSecret, webhookKey } from './webhook-secret.js'

describe('Standard Webhooks signing', () => {
  it('matches the test vector of protocols.md §E', () => {
    const secret = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
    const body =
      '{"type":"video.generation.succeeded","timestamp":"2026-01-01T00:00:00Z","data":{"id":"cgt-20260101000000-ab12c"}}'
    expect(signWebhook(secret, { id: 'msg_01J9ZK3Q4V', timestamp: 1767225600, body })).toBe(
      'v1,LyEVnq8FYe8RMkyamQePylO+8TqzDHzQJhkUsQWIG0g=',
    )
  })

  it('makes secrets of 32 random bytes that the standardwebhooks package accepts', () => {
    const a = newWebhookSecret()
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(webhookKey(a)).toHaveLength(32)
    expect(newWebhookSecret()).not.toBe(a)
  })

  it('produces headers that standardwebhooks verifies, and that fail for another body or secret', () => {
    const secret = newWebhookSecret()
    const body = JSON.stringify({ id: 'cgt-1', status: 'succeeded' })
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = webhookHeaders(secret, { id: 'msg_cgt-1_succeeded_1', timestamp, body })
    expect(new Webhook(secret).verify(body, headers)).toEqual({ id: 'cgt-1', status: 'succeeded' })
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(/No matching signature/)
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(
      /No matching signature/,
    )
  })
})
