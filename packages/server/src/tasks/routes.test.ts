import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashKey } from '../http/auth.js'
import { openTestKinora } from '../test-kinora.js'
import { dropNulls, MAX_BODY_DEPTH } from './routes.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
let now = Date.UTC(2026, 10, 25, 12, 0, 0)
const clock = { now: () => now }

beforeEach(async () => {
  now = Date.UTC(2026, 10, 25, 12, 0, 0)
  kinora = await openTestKinora({ publicUrl: 'http://files.test' }, { clock })
})
afterEach(() => kinora.dispose())

const TASKS = '/api/v3/contents/generations/tasks'
const body = (extra: Record<string, unknown> = {}) => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text: 'a lighthouse at dusk' }],
  ...extra,
})

async function create(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await kinora.app.inject({ method: 'POST', url: TASKS, payload: body(extra), headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().id as string
}

const get = (id: string, headers: Record<string, string> = {}) =>
  kinora.app.inject({ method: 'GET', url: `${TASKS}/${id}`, headers })

/** Marks a task succeeded with a real stored file, as a worker would. */
async function succeed(id: string) {
  const src = join(kinora.dir, 'fake.mp4')
  await writeFile(src, Buffer.from('0123456789abcdefghij'))
  await kinora.blobs.putFile(`tasks/${id}/video.mp4`, src, 'video/mp4')
  await kinora.store.updateTask(id, ['queued'], {
    status: 'succeeded',
    progress: 100,
    outputs: {
      videoKey: `tasks/${id}/video.mp4`,
      lastFrameKey: null,
      ratio: '16:9',
      width: 1280,
      height: 720,
      duration: 5,
    },
    usage: { completionTokens: 108000, totalTokens: 108000 },
  })
}

describe('task API', () => {
  it('returns a queued task with every parameter resolved and echoed', async () => {
    const id = await create({
      seed: 42,
      priority: 3,
      safety_identifier: 'user-1',
      content: [{ type: 'text', text: 'a cinematic beach --dur 6 --wm true' }],
    })
    const task = (await get(id)).json()
    expect(task).toMatchObject({
      id,
      model: 'seedance-2.0',
      status: 'queued',
      progress: 0,
      error: null,
      seed: 42,
      resolution: '720p',
      ratio: '21:9',
      duration: 6,
      framespersecond: 24,
      generate_audio: true,
      watermark: true,
      omni_reference_task_type: null,
      execution_expires_after: 172800,
      priority: 3,
      safety_identifier: 'user-1',
      created_at: now / 1000,
    })
    expect(task.content).toBeUndefined()
  })

  it('lets body fields win over prompt suffix commands', async () => {
    const id = await create({
      duration: 8,
      content: [{ type: 'text', text: 'a lake --dur 6 --rt 1:1' }],
    })
    expect((await get(id)).json()).toMatchObject({ duration: 8, ratio: '1:1' })
  })

  it('picks a random seed for -1 and echoes it', async () => {
    const task = (await get(await create({ seed: -1 }))).json()
    expect(task.seed).toBeGreaterThanOrEqual(0)
    expect(task.seed).toBeLessThanOrEqual(4294967295)
  })

  it('lists newest first with paging and filters', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      now += 1000
      ids.push(await create())
    }
    await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${ids[1]}` })
    const page = (await kinora.app.inject({ url: `${TASKS}?page_num=2&page_size=2` })).json()
    expect(page.total).toBe(5)
    expect(page.items.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]])
    const cancelled = (await kinora.app.inject({ url: `${TASKS}?filter.status=cancelled` })).json()
    expect(cancelled.items.map((t: { id: string }) => t.id)).toEqual([ids[1]])
    const some = (
      await kinora.app.inject({
        url: `${TASKS}?filter.task_ids=${ids[0]}&filter.task_ids=${ids[4]}`,
      })
    ).json()
    expect(some.items.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[0]])
    const bad = await kinora.app.inject({ url: `${TASKS}?page_size=501` })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.param).toBe('querystring.page_size')
  })

  it('refuses a NUL character in a filter or a task id with 400, naming where', async () => {
    for (const [url, param] of [
      [`${TASKS}?filter.model=seedance%00`, 'querystring.filter.model'],
      [`${TASKS}?filter.task_ids=a&filter.task_ids=b%00`, 'querystring.filter.task_ids[1]'],
      [`${TASKS}/cgt-20261125120000-abcd%00`, 'params.id'],
    ]) {
      const res = await kinora.app.inject({ url })
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error).toMatchObject({ code: 'InvalidParameter', param })
      expect(res.json().error.message).toMatch(/must not contain the NUL character/)
    }
  })

  it('cancels a queued task, then refuses to cancel it again', async () => {
    const id = await create()
    expect((await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}` })).json()).toEqual(
      {},
    )
    expect((await get(id)).json().status).toBe('cancelled')
    const again = await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}` })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('TaskNotCancellable')
  })

  it('refuses to cancel a running task unless forced', async () => {
    const id = await create()
    await kinora.queue.claim('w', 30_000, now)
    const res = await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}` })
    expect(res.statusCode).toBe(409)
    const forced = await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}?force=true` })
    expect(forced.statusCode).toBe(200)
    expect((await get(id)).json().status).toBe('cancelled')
    expect(await kinora.queue.heartbeat(id, 'w', 30_000, now)).toBe(false)
  })

  it('deletes a finished task with its files', async () => {
    const id = await create()
    await succeed(id)
    expect((await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}` })).statusCode).toBe(
      200,
    )
    const gone = await get(id)
    expect(gone.statusCode).toBe(404)
    expect(gone.json().error.code).toBe('ResourceNotFound')
    expect(await kinora.blobs.stat(`tasks/${id}/video.mp4`)).toBeNull()
  })

  it('answers 404 ResourceNotFound for an unknown id', async () => {
    const res = await get('cgt-20260101000000-abcde')
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toMatchObject({ code: 'ResourceNotFound', type: 'NotFound' })
  })

  it('signs download URLs at read time, serves ranges, and refuses expired or altered links alike', async () => {
    const id = await create()
    await succeed(id)
    const task = (await get(id)).json()
    expect(task.usage).toEqual({ completion_tokens: 108000, total_tokens: 108000 })
    const url = new URL(task.content.video_url)
    expect(url.origin).toBe('http://files.test')
    const path = url.pathname + url.search
    const full = await kinora.app.inject({ url: path })
    expect(full.statusCode).toBe(200)
    expect(full.body).toBe('0123456789abcdefghij')
    expect(full.headers['content-type']).toBe('video/mp4')
    const part = await kinora.app.inject({ url: path, headers: { range: 'bytes=2-5' } })
    expect(part.statusCode).toBe(206)
    expect(part.body).toBe('2345')
    expect(part.headers['content-range']).toBe('bytes 2-5/20')
    const tail = await kinora.app.inject({ url: path, headers: { range: 'bytes=-3' } })
    expect(tail.body).toBe('hij')
    expect(
      (await kinora.app.inject({ url: path, headers: { range: 'bytes=50-60' } })).statusCode,
    ).toBe(416)

    const altered = await kinora.app.inject({ url: path.replace('video.mp4', 'video.mp5') })
    now += 43_200_000 + 1000
    const expired = await kinora.app.inject({ url: path })
    expect(altered.statusCode).toBe(403)
    expect(expired.statusCode).toBe(403)
    expect(expired.body).toBe(altered.body)
    expect(expired.json().error.code).toBe('AccessDenied')

    const fresh = new URL((await get(id)).json().content.video_url)
    expect((await kinora.app.inject({ url: fresh.pathname + fresh.search })).statusCode).toBe(200)
  })

  it('requires a key once one exists, and hides other projects’ tasks', async () => {
    const openId = await create()
    await kinora.store.createApiKey({
      id: 'k1',
      projectId: 'alpha',
      hash: hashKey('key-alpha'),
      createdAt: now,
    })
    await kinora.store.createApiKey({
      id: 'k2',
      projectId: 'beta',
      hash: hashKey('key-beta'),
      createdAt: now,
    })
    const anonymous = await get(openId)
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().error.type).toBe('Unauthorized')
    expect((await get(openId, { authorization: 'Bearer wrong' })).statusCode).toBe(401)
    const alpha = { authorization: 'Bearer key-alpha' }
    const id = await create({}, alpha)
    expect((await get(id, alpha)).statusCode).toBe(200)
    expect((await get(id, { authorization: 'Bearer key-beta' })).statusCode).toBe(404)
    const list = (
      await kinora.app.inject({ url: TASKS, headers: { authorization: 'Bearer key-beta' } })
    ).json()
    expect(list.total).toBe(0)
  })

  it('refuses new tasks past the per-project queue quota', async () => {
    await kinora.dispose()
    kinora = await openTestKinora({ maxQueuedPerProject: 2 }, { clock })
    await create()
    await create()
    const res = await kinora.app.inject({ method: 'POST', url: TASKS, payload: body() })
    expect(res.statusCode).toBe(429)
    expect(res.json().error.code).toBe('QuotaExceeded')
  })

  it('expires a task still queued past execution_expires_after', async () => {
    const id = await create({ execution_expires_after: 3600 })
    now += 3600_000
    await kinora.sweep()
    expect((await get(id)).json()).toMatchObject({
      status: 'expired',
      error: { code: 'TaskExpired' },
    })
  })

  it('lists the models it routes', async () => {
    const res = (await kinora.app.inject({ url: '/api/v3/models' })).json()
    expect(res.data[0]).toMatchObject({ id: 'seedance-2.0', engine: 'draft' })
  })

  it('serves an OpenAPI document generated from the schemas, and the docs page', async () => {
    const doc = (await kinora.app.inject({ url: '/openapi.json' })).json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(
      doc.paths['/api/v3/contents/generations/tasks'].post.requestBody.content['application/json']
        .schema.properties.resolution.enum,
    ).toEqual(['480p', '720p', '1080p'])
    expect((await kinora.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400)
    expect((await kinora.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await kinora.app.inject({ url: '/readyz' })).statusCode).toBe(200)
  })
})

describe('dropNulls', () => {
  const nested = (levels: number): unknown =>
    levels === 1 ? [] : levels % 2 === 0 ? { a: nested(levels - 1) } : [nested(levels - 1)]

  it('drops null members at every depth and keeps everything else', () => {
    expect(
      dropNulls({ a: null, b: [1, null, { c: null, d: 'x' }], e: { f: { g: null, h: false } } }),
    ).toEqual({ b: [1, null, { d: 'x' }], e: { f: { h: false } } })
  })

  it(`takes ${MAX_BODY_DEPTH} levels of nesting and refuses one more, naming the field`, () => {
    expect(() => dropNulls(nested(MAX_BODY_DEPTH))).not.toThrow()
    expect(() => dropNulls(nested(MAX_BODY_DEPTH + 1))).toThrow(
      expect.objectContaining({ status: 400, code: 'InvalidParameter', param: 'a' }),
    )
  })

  it('refuses 100 000 levels without overflowing the stack', () => {
    const deep = JSON.parse(`{"content":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
    expect(() => dropNulls(deep)).toThrow(expect.objectContaining({ param: 'content' }))
  })
})
