import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createTwoProjects, KEYS } from '../../src/assets/test-assets.js'
import { openTestKinora } from '../../src/test-kinora.js'
import {
  expectError,
  expectNothingChanged,
  holdings,
  TASKS,
  type TestKinora,
} from './test-abuse.js'

/**
 * Abuse of the API's limits (spec §4): repeated creates under one Idempotency-Key, a key past its
 * rate limit, and clients that send their request too slowly.
 */
let kinora: TestKinora | undefined
afterEach(async () => {
  await kinora?.dispose()
  kinora = undefined
})

const body = { model: 'seedance-2.0', content: [{ type: 'text', text: 'a lighthouse at dusk' }] }
const create = (k: TestKinora, payload: object, headers: Record<string, string> = {}) =>
  k.app.inject({ method: 'POST', url: TASKS, payload, headers })

describe('duplicate idempotent requests', () => {
  it('answers a repeat with the first task, another body with 409, and stores one task', async () => {
    kinora = await openTestKinora({ rateLimit: 0 })
    const k = kinora
    const key = { 'idempotency-key': 'b8e0c0de-1c5e-4a7e-9f00-000000000001' }
    const first = await create(k, body, key)
    expect(first.statusCode, first.body).toBe(200)
    const id = first.json().id as string
    await expectNothingChanged(k, async () => {
      const again = await create(k, body, key)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toEqual({ id })
      // The same body spelled differently (key order, nulls for absent fields) is the same body.
      const reordered = { content: body.content, seed: null, model: body.model }
      expect((await create(k, reordered, key)).json()).toEqual({ id })
      expectError(await create(k, { ...body, duration: 6 }, key), 409, 'IdempotencyKeyReused')
    })
    expect((await holdings(k)).tasks.queued).toBe(1)
  })

  it('makes exactly one task of 20 concurrent creates with the same key', async () => {
    kinora = await openTestKinora({ rateLimit: 0 })
    const k = kinora
    const key = { 'idempotency-key': 'concurrent-1' }
    const answers = await Promise.all(Array.from({ length: 20 }, () => create(k, body, key)))
    for (const a of answers) expect(a.statusCode, a.body).toBe(200)
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1)
    expect((await holdings(k)).tasks.queued).toBe(1)
    expect(await k.queue.depth()).toBe(1)
  })

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'clé-1'],
    ['with a control character', 'key\u0007'],
  ])('refuses an Idempotency-Key that is %s with 400', async (_n, value) => {
    kinora = await openTestKinora({ rateLimit: 0 })
    const k = kinora
    await expectNothingChanged(k, async () => {
      const res = await create(k, body, { 'idempotency-key': value }).catch(() => null)
      // Node refuses to send some header values at all; those never reach a server either.
      if (res) expectError(res, 400, 'InvalidParameter', 'Idempotency-Key')
    })
  })
})

describe('rate limit', () => {
  it('answers a key past its limit with 429 RateLimitExceeded and Retry-After, others unaffected', async () => {
    kinora = await openTestKinora({ rateLimit: 5 })
    const k = kinora
    await createTwoProjects(k.store)
    const alpha = { authorization: `Bearer ${KEYS.alpha}` }
    for (let i = 0; i < 5; i++) {
      expect((await k.app.inject({ url: TASKS, headers: alpha })).statusCode).toBe(200)
    }
    await expectNothingChanged(k, async () => {
      const limited = await create(k, body, alpha)
      expectError(limited, 429, 'RateLimitExceeded')
      const retryAfter = Number(limited.headers['retry-after'])
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
    })
    const beta = await create(k, body, { authorization: `Bearer ${KEYS.beta}` })
    expect(beta.statusCode, beta.body).toBe(200)
    expect((await k.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })
})

/** A raw connection that sends `head` and then one more header line every `everyMs`. */
function slowClient(port: number, head: string, everyMs: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => {})
  socket.write(head)
  let n = 0
  const drip = setInterval(() => {
    if (socket.writable) socket.write(`x-drip-${n++}: ${'a'.repeat(8)}\r\n`)
  }, everyMs)
  const closed = new Promise<number>((resolve) => {
    const started = Date.now()
    socket.once('close', () => {
      clearInterval(drip)
      resolve(Date.now() - started)
    })
  })
  return { closed, received: () => received, destroy: () => socket.destroy() }
}

describe('slow headers', () => {
  it('answers clients dripping their headers or body with 408 and closes them, serving others', async () => {
    kinora = await openTestKinora({
      port: 0,
      rateLimit: 0,
      headersTimeoutSeconds: 1,
      requestTimeoutSeconds: 2,
    })
    const k = kinora
    const url = new URL(await k.listen())
    const port = Number(url.port)
    const dripping = Array.from({ length: 20 }, () =>
      slowClient(port, `GET ${TASKS} HTTP/1.1\r\nHost: 127.0.0.1\r\n`, 200),
    )
    const slowBody = slowClient(
      port,
      `POST ${TASKS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"model":`,
      200,
    )
    try {
      // While they drip, others are served at once.
      for (let i = 0; i < 3; i++) {
        const res = await fetch(new URL(TASKS, url))
        expect(res.status).toBe(200)
        await new Promise((r) => setTimeout(r, 200))
      }
      for (const client of [...dripping, slowBody]) {
        const ms = await client.closed
        expect(ms).toBeLessThan(6000)
        const answer = client.received()
        expect(answer).toMatch(/^HTTP\/1\.1 408 /)
        const json = answer.slice(answer.indexOf('\r\n\r\n') + 4)
        expect(JSON.parse(json).error.code).toBe('RequestTimeout')
      }
      expect((await fetch(new URL('/healthz', url))).status).toBe(200)
      expect((await holdings(k)).tasks.queued).toBe(0)
    } finally {
      for (const client of [...dripping, slowBody]) client.destroy()
    }
  })
})
