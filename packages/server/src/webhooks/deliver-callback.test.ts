import { afterEach, describe, expect, it } from 'vitest'
import { startLoopbackServer, type LoopbackServer } from '../media/test-loopback-server.js'
import { deliverCallback } from './deliver-callback.js'
import { startWebhookReceiver, type WebhookReceiver } from './test-webhook-receiver.js'
import { newWebhookSecret } from './webhook-secret.js'

const open: LoopbackServer[] = []
afterEach(async () => {
  for (const server of open.splice(0)) await server.close()
})

async function receiver(opts: Parameters<typeof startWebhookReceiver>[1] = {}) {
  const server: WebhookReceiver = await startWebhookReceiver(newWebhookSecret(), opts)
  open.push(server)
  return server
}

const message = (body = '{"id":"cgt-1","status":"running"}') => ({
  id: 'msg_cgt-1_running_1',
  timestamp: Math.floor(Date.now() / 1000),
  body,
})

describe('deliverCallback', () => {
  it('POSTs the exact body as JSON with headers the receiver verifies', async () => {
    const hook = await receiver()
    const result = await deliverCallback(`${hook.origin}/hook?x=1`, hook.secret, message(), {
      allowPrivate: true,
    })
    expect(result).toMatchObject({ ok: true, httpStatus: 200, error: null })
    expect(hook.hits).toEqual(['/hook?x=1'])
    const [got] = hook.received
    expect(got).toMatchObject({ refused: null, body: '{"id":"cgt-1","status":"running"}' })
    expect(got!.payload).toEqual({ id: 'cgt-1', status: 'running' })
    expect(got!.headers['content-type']).toBe('application/json')
    expect(got!.headers['webhook-id']).toBe('msg_cgt-1_running_1')
  })

  it('reports a non-2xx answer as a failure with its status', async () => {
    const hook = await receiver({ answers: [500] })
    const result = await deliverCallback(hook.origin, hook.secret, message(), {
      allowPrivate: true,
    })
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 500,
      error: 'the receiver answered HTTP 500',
    })
  })

  it('does not follow a redirect', async () => {
    const target = await receiver()
    const redirector = await startLoopbackServer((_req, res) => {
      res.writeHead(307, { location: `${target.origin}/elsewhere` })
      res.end()
    })
    open.push(redirector)
    const result = await deliverCallback(redirector.origin, target.secret, message(), {
      allowPrivate: true,
    })
    expect(result.ok).toBe(false)
    expect(result.error).toMatch(/redirect/)
    expect(target.hits).toHaveLength(0)
  })

  it('refuses a private address unless allowed, without connecting', async () => {
    const hook = await receiver()
    const result = await deliverCallback(hook.origin, hook.secret, message(), {
      allowPrivate: false,
    })
    expect(result).toMatchObject({ ok: false, httpStatus: null })
    expect(result.error).toMatch(/private, loopback or link-local address/)
    expect(hook.hits).toHaveLength(0)
  })

  it('gives up on a receiver that does not answer in time', async () => {
    const hook = await receiver({ delayMs: 2000 })
    const result = await deliverCallback(hook.origin, hook.secret, message(), {
      allowPrivate: true,
      timeoutMs: 200,
    })
    expect(result).toMatchObject({ ok: false, httpStatus: null, error: 'no answer within 0.2 s' })
    expect(result.durationMs).toBeLessThan(1500)
  })
})
