import { afterEach, describe, expect, it } from 'vitest'
import { callAction, createTwoProjects, KEYS } from '../assets/test-assets.js'
import { observeRender } from '../lib/render-metrics.js'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
afterEach(() => kinora?.dispose())

const TASKS = '/api/v3/contents/generations/tasks'
const create = { model: 'seedance-2.0', content: [{ type: 'text', text: 'a fox' }] }

/** The value of one sample line of a Prometheus text answer, such as `kinora_tasks{status="queued"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

describe('GET /metrics', () => {
  it('reports queue depth, tasks by status of all projects, renders and HTTP requests', async () => {
    kinora = await openTestKinora()
    const { app } = kinora
    await createTwoProjects(kinora.store)
    for (const key of [KEYS.alpha, KEYS.alpha, KEYS.beta]) {
      const res = await app.inject({
        method: 'POST',
        url: TASKS,
        payload: create,
        headers: { authorization: `Bearer ${key}` },
      })
      expect(res.statusCode).toBe(200)
    }
    const [first] = (
      await app.inject({ url: TASKS, headers: { authorization: `Bearer ${KEYS.alpha}` } })
    ).json().items
    await kinora.store.updateTask(first.id, ['queued'], { status: 'failed' })
    await app.inject({
      url: `${TASKS}/cgt-unknown`,
      headers: { authorization: `Bearer ${KEYS.beta}` },
    })
    await callAction(app, 'ListAssetGroups', {}, KEYS.alpha)
    const before =
      sample(
        (await app.inject({ url: '/metrics' })).body,
        'kinora_render_seconds_count{engine="draft"}',
      ) ?? 0
    observeRender('draft', 12.5)

    const res = await app.inject({ url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = res.body
    expect(sample(text, 'kinora_queue_depth')).toBe(2)
    expect(sample(text, 'kinora_tasks{status="queued"}')).toBe(2)
    expect(sample(text, 'kinora_tasks{status="failed"}')).toBe(1)
    expect(sample(text, 'kinora_tasks{status="running"}')).toBe(0)
    expect(sample(text, 'kinora_render_seconds_count{engine="draft"}')).toBe(before + 1)
    expect(text).toContain('kinora_render_seconds_bucket{le="20",engine="draft"}')
    expect(
      sample(
        text,
        'kinora_http_requests_total{method="POST",route="/api/v3/contents/generations/tasks",status="200"}',
      ),
    ).toBe(3)
    expect(
      sample(
        text,
        'kinora_http_requests_total{method="GET",route="/api/v3/contents/generations/tasks/:id",status="404"}',
      ),
    ).toBe(1)
    expect(
      sample(
        text,
        'kinora_http_requests_total{method="POST",route="/?Action=ListAssetGroups",status="200"}',
      ),
    ).toBe(1)
    expect(
      sample(
        text,
        'kinora_http_request_duration_seconds_count{method="POST",route="/api/v3/contents/generations/tasks",status="200"}',
      ),
    ).toBe(3)
    expect(text).not.toContain('cgt-unknown')
  })

  it('observes the render seconds of a task the in-process worker finishes', async () => {
    kinora = await openTestKinora({ workers: 1, moderationImages: false })
    const { app } = kinora
    const count = async () =>
      sample(
        (await app.inject({ url: '/metrics' })).body,
        'kinora_render_seconds_count{engine="draft"}',
      ) ?? 0
    const before = await count()
    const res = await app.inject({
      method: 'POST',
      url: TASKS,
      payload: { ...create, resolution: '480p', duration: 4, generate_audio: false },
    })
    const id = res.json().id as string
    let status = 'queued'
    for (let i = 0; i < 1200 && (status === 'queued' || status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100))
      status = (await kinora.store.getTask(id))?.status ?? 'gone'
    }
    expect(status).toBe('succeeded')
    expect(await count()).toBe(before + 1)
  })

  it('is public by default, and wants the token when KINORA_METRICS_TOKEN is set', async () => {
    kinora = await openTestKinora({ metricsToken: 'scrape-token-0123456789' })
    const { app } = kinora
    for (const authorization of [undefined, 'Bearer wrong', 'Bearer scrape-token-01234567890']) {
      const res = await app.inject({
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      })
      expect(res.statusCode).toBe(401)
      expect(res.json().error).toMatchObject({ code: 'AuthenticationError', type: 'Unauthorized' })
    }
    const ok = await app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-token-0123456789' },
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toContain('kinora_queue_depth 0')
  })
})
