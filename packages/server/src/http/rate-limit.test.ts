import { afterEach, describe, expect, it } from 'vitest'
import { callAction, createTwoProjects, KEYS } from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'
import { isRateLimited } from './rate-limit.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
afterEach(() => kinora?.dispose())

const TASKS = '/api/v3/contents/generations/tasks'
const as = (key: string) => ({ authorization: `Bearer ${key}` })

async function open(rateLimit: number, withKeys = true): Promise<Kinora> {
  kinora = await openTestKinora({ rateLimit })
  if (withKeys) await createTwoProjects(kinora.store)
  return kinora
}

describe('per-key rate limit', () => {
  it('answers 429 RateLimitExceeded with Retry-After and rate-limit headers past the limit', async () => {
    const { app } = await open(3)
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: TASKS, headers: as(KEYS.alpha) })
      expect(res.statusCode).toBe(200)
      expect(res.headers['x-ratelimit-limit']).toBe('3')
      expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i))
    }
    const refused = await app.inject({ url: TASKS, headers: as(KEYS.alpha) })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({
      error: {
        code: 'RateLimitExceeded',
        message: expect.stringContaining('at most 3 a minute'),
        type: 'TooManyRequests',
      },
    })
    const retryAfter = Number(refused.headers['retry-after'])
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(refused.headers['x-ratelimit-limit']).toBe('3')
    expect(refused.headers['x-ratelimit-remaining']).toBe('0')
    expect(refused.headers['x-ratelimit-reset']).toBe(String(retryAfter))
  })

  it('counts each API key on its own, across the task and asset APIs', async () => {
    const { app } = await open(2)
    await app.inject({ url: TASKS, headers: as(KEYS.alpha) })
    const action = await callAction(app, 'ListAssetGroups', {}, KEYS.alpha)
    expect(action.statusCode).toBe(200)
    const refused = await callAction(app, 'ListAssetGroups', {}, KEYS.alpha)
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    expect(refused.json().ResponseMetadata.Error).toMatchObject({ Code: 'RateLimitExceeded' })
    expect((await app.inject({ url: TASKS, headers: as(KEYS.beta) })).statusCode).toBe(200)
  })

  it('counts requests without a valid key by client address, before answering 401', async () => {
    const { app } = await open(2)
    const wrong = (key: string) =>
      app.inject({ url: TASKS, headers: as(key), remoteAddress: '10.0.0.7' })
    expect((await wrong('guess-1')).statusCode).toBe(401)
    expect((await wrong('guess-2')).statusCode).toBe(401)
    const refused = await wrong('guess-3')
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('RateLimitExceeded')
    expect(refused.headers['retry-after']).toBeDefined()
    const elsewhere = await app.inject({
      url: TASKS,
      headers: as('guess-4'),
      remoteAddress: '10.0.0.8',
    })
    expect(elsewhere.statusCode).toBe(401)
  })

  it('limits by client address in open mode', async () => {
    const { app } = await open(1, false)
    expect((await app.inject({ url: TASKS, remoteAddress: '127.0.0.2' })).statusCode).toBe(200)
    const refused = await app.inject({ url: TASKS, remoteAddress: '127.0.0.2' })
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('RateLimitExceeded')
    expect((await app.inject({ url: TASKS, remoteAddress: '127.0.0.3' })).statusCode).toBe(200)
  })

  it('never limits health, readiness, metrics, docs or the playground', async () => {
    const { app } = await open(1)
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/']) {
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({ url })
        expect(res.statusCode, url).not.toBe(429)
        expect(res.headers['x-ratelimit-limit'], url).toBeUndefined()
      }
    }
  })

  it('is off with KINORA_RATE_LIMIT=0', async () => {
    const { app } = await open(0)
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ url: TASKS, headers: as(KEYS.alpha) })
      expect(res.statusCode).toBe(200)
      expect(res.headers['x-ratelimit-limit']).toBeUndefined()
    }
  })

  it.each([
    ['GET', '/api/v3/contents/generations/tasks/:id', true],
    ['POST', '/', true],
    ['GET', '/', false],
    ['GET', '/files/*', false],
    ['GET', '/healthz', false],
    ['GET', '/metrics', false],
    ['GET', '/playground/*', false],
  ] as const)('limits %s %s: %s', (method, url, limited) => {
    expect(isRateLimited({ method, url })).toBe(limited)
  })
})
