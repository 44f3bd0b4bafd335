import { afterEach, describe, expect, it, vi } from 'vitest'
import { callAction, createTwoProjects, KEYS } from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
afterEach(() => kinora?.dispose())

const TASKS = '/api/v3/contents/generations/tasks'
const create = { model: 'seedance-2.0', content: [{ type: 'text', text: 'a fox' }] }

describe('overload guard', () => {
  it('answers 503 ServiceUnavailable with Retry-After while overloaded, and stays live', async () => {
    let healthy = false
    kinora = await openTestKinora(
      {},
      {
        http: {
          overload: {
            maxEventLoopDelayMs: 0,
            maxHeapUsedBytes: 0,
            maxRssBytes: 0,
            retryAfterSeconds: 7,
            healthCheck: async () => healthy,
          },
        },
      },
    )
    const { app } = kinora
    await createTwoProjects(kinora.store)
    const refused = await app.inject({
      method: 'POST',
      url: TASKS,
      payload: create,
      headers: { authorization: `Bearer ${KEYS.alpha}` },
    })
    expect(refused.statusCode).toBe(503)
    expect(refused.headers['retry-after']).toBe('7')
    expect(refused.json()).toEqual({
      error: {
        code: 'ServiceUnavailable',
        message: expect.stringContaining('overloaded'),
        type: 'ServiceUnavailable',
      },
    })
    expect(await kinora.queue.depth()).toBe(0)

    const action = await callAction(app, 'ListAssetGroups', {}, KEYS.alpha)
    expect(action.statusCode).toBe(503)
    expect(action.headers['retry-after']).toBe('7')
    expect(action.json().ResponseMetadata.Error).toMatchObject({ Code: 'ServiceUnavailable' })

    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200)

    healthy = true
    await vi.waitFor(
      async () => {
        const res = await app.inject({
          url: TASKS,
          headers: { authorization: `Bearer ${KEYS.alpha}` },
        })
        expect(res.statusCode).toBe(200)
      },
      { timeout: 10_000, interval: 100 },
    )
  })

  it('trips on a heap threshold once memory is sampled', async () => {
    kinora = await openTestKinora({ maxHeapUsedBytes: 1 })
    const { app } = kinora
    await vi.waitFor(async () => expect((await app.inject({ url: TASKS })).statusCode).toBe(503), {
      timeout: 10_000,
      interval: 100,
    })
    const refused = await app.inject({ url: TASKS })
    expect(refused.json().error.code).toBe('ServiceUnavailable')
    expect(refused.headers['retry-after']).toBe('10')
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })
})
