import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashKey } from '../http/auth.js'
import { IDEMPOTENCY_WINDOW_MS } from '../store/store.js'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
let now = Date.UTC(2026, 10, 25, 12, 0, 0)
const clock = { now: () => now }

const TASKS = '/api/v3/contents/generations/tasks'
const ALPHA = { authorization: 'Bearer key-alpha' }
const BETA = { authorization: 'Bearer key-beta' }
const body = (text = 'a lighthouse at dusk') => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text }],
})

beforeEach(async () => {
  now = Date.UTC(2026, 10, 25, 12, 0, 0)
  kinora = await openTestKinora({}, { clock })
  for (const project of ['alpha', 'beta']) {
    await kinora.store.createApiKey({
      id: `key-${project}`,
      projectId: project,
      hash: hashKey(`key-${project}`),
      createdAt: now,
    })
  }
})
afterEach(() => kinora.dispose())

const post = (payload: unknown, headers: Record<string, string>) =>
  kinora.app.inject({ method: 'POST', url: TASKS, payload: payload as object, headers })

/** Every task of a project, by listing it. */
const tasksOf = async (headers: Record<string, string>) =>
  (await kinora.app.inject({ url: TASKS, headers })).json().items as { id: string }[]

describe('Idempotency-Key on create', () => {
  it('answers a repeat of the same body with the first task, enqueuing nothing more', async () => {
    const headers = { ...ALPHA, 'idempotency-key': 'order-42' }
    const first = await post(body(), headers)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    now += 60_000
    const again = await post(body(), headers)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(await tasksOf(ALPHA)).toHaveLength(1)
    expect(await kinora.queue.depth()).toBe(1)
  })

  it('takes a repeat with other key order and null fields for the same body', async () => {
    const headers = { ...ALPHA, 'idempotency-key': 'order-42' }
    const first = await post({ ...body(), seed: 7 }, headers)
    const again = await post(
      {
        seed: 7,
        callback_url: null,
        content: [{ text: 'a lighthouse at dusk', type: 'text' }],
        model: 'seedance-2.0',
      },
      headers,
    )
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(first.json().id)
  })

  it('refuses the key with another body: 409 IdempotencyKeyReused', async () => {
    const headers = { ...ALPHA, 'idempotency-key': 'order-42' }
    const first = await post(body(), headers)
    const other = await post(body('a castle at dawn'), headers)
    expect(other.statusCode).toBe(409)
    expect(other.json().error).toMatchObject({ code: 'IdempotencyKeyReused', type: 'Conflict' })
    expect(other.json().error.message).toContain('order-42')
    expect(other.json().error.message).toContain(first.json().id)
    expect(await tasksOf(ALPHA)).toHaveLength(1)
  })

  it('keeps keys apart per project', async () => {
    const a = await post(body(), { ...ALPHA, 'idempotency-key': 'shared' })
    const b = await post(body(), { ...BETA, 'idempotency-key': 'shared' })
    expect(b.statusCode).toBe(200)
    expect(b.json().id).not.toBe(a.json().id)
    const c = await post(body('another body'), { ...BETA, 'idempotency-key': 'other' })
    expect(c.statusCode).toBe(200)
  })

  it('makes a new task once the first is more than 24 hours old', async () => {
    const headers = { ...ALPHA, 'idempotency-key': 'order-42' }
    const first = await post(body(), headers)
    now += IDEMPOTENCY_WINDOW_MS - 1
    expect((await post(body('changed'), headers)).statusCode).toBe(409)
    now += 2
    const later = await post(body('changed'), headers)
    expect(later.statusCode).toBe(200)
    expect(later.json().id).not.toBe(first.json().id)
    expect((await post(body('changed'), headers)).json().id).toBe(later.json().id)
  })

  it('makes exactly one task from concurrent requests with one key', async () => {
    const headers = { ...ALPHA, 'idempotency-key': 'burst' }
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body(), headers)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200))
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1)
    expect(await tasksOf(ALPHA)).toHaveLength(1)
    expect(await kinora.queue.depth()).toBe(1)
  })

  it('forgets the key of a deleted task, so its repeat makes a new one', async () => {
    const headers = { ...ALPHA, 'idempotency-key': 'order-42' }
    const first = (await post(body(), headers)).json().id as string
    await kinora.store.updateTask(first, ['queued'], { status: 'failed' })
    const deleted = await kinora.app.inject({
      method: 'DELETE',
      url: `${TASKS}/${first}`,
      headers: ALPHA,
    })
    expect(deleted.statusCode).toBe(200)
    const again = await post(body(), headers)
    expect(again.statusCode).toBe(200)
    expect(again.json().id).not.toBe(first)
  })

  it('lets the sweeper forget keys past 24 hours', async () => {
    await post(body(), { ...ALPHA, 'idempotency-key': 'order-42' })
    now += IDEMPOTENCY_WINDOW_MS + 1
    await kinora.sweep()
    expect(await kinora.store.findIdempotencyKey('alpha', 'order-42', 0)).toBeNull()
  })

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not printable ASCII', 'clé'],
    ['a control character', 'a\tb'],
  ])('refuses a key that is %s: 400 InvalidParameter on Idempotency-Key', async (_, key) => {
    const res = await post(body(), { ...ALPHA, 'idempotency-key': key })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'InvalidParameter',
      param: 'Idempotency-Key',
      type: 'BadRequest',
    })
    expect(await tasksOf(ALPHA)).toHaveLength(0)
  })

  it('accepts a key of 255 printable characters', async () => {
    const key = ' !~'.repeat(85)
    expect(
      (await post(body(), { ...ALPHA, 'idempotency-key': `x${key.slice(1)}` })).statusCode,
    ).toBe(200)
  })

  it('documents the header and the error answers of create in /openapi.json', async () => {
    const doc = (await kinora.app.inject({ url: '/openapi.json' })).json()
    const create = doc.paths['/api/v3/contents/generations/tasks'].post
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'idempotency-key', required: false }),
    )
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '409', '413', '429', '503']),
    )
  })
})
