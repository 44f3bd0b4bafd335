import { describe, expect, it } from 'vitest'
import { Kinora } from '../client.js'
import { APIUserAbortError, ConflictError, WaitTimeoutError } from '../errors.js'
import { type Answer, apiError, fakeFetch, json, makeTask } from '../test-fetch.js'
import type { Task } from '../types.js'

const fast = { backoff: { initial: 1, max: 2 }, baseURL: 'http://kinora.test' }

describe('tasks', () => {
  it('creates a task with a JSON body holding only the fields given', async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: 'cgt-1' }))
    const client = new Kinora({ fetch, ...fast })
    const content = [{ type: 'text' as const, text: 'a red kite over dunes' }]
    await expect(
      client.tasks.create({ model: 'seedance-2.0', content, seed: undefined, ratio: '9:16' }),
    ).resolves.toEqual({ id: 'cgt-1' })
    const call = calls[0]
    expect(call?.method).toBe('POST')
    expect(call?.url.href).toBe('http://kinora.test/api/v3/contents/generations/tasks')
    expect(call?.headers.get('content-type')).toBe('application/json')
    expect(call?.body).toBe(JSON.stringify({ model: 'seedance-2.0', content, ratio: '9:16' }))
    expect(call?.body).not.toMatch(/null|"seed"/)
  })

  it('sends one Idempotency-Key across the retries of a create, or the one given', async () => {
    const { fetch, calls } = fakeFetch(apiError(503, 'Busy'), json(200, { id: 'cgt-1' }))
    const client = new Kinora({ fetch, ...fast })
    const params = { model: 'seedance-2.0', content: [{ type: 'text' as const, text: 'kite' }] }
    await client.tasks.create(params)
    await client.tasks.create(params, { idempotencyKey: 'order-42' })
    const keys = calls.map((c) => c.headers.get('idempotency-key'))
    expect(keys[0]).toMatch(/^kinora-[0-9a-f]{32}$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).toBe('order-42')
  })

  it('gets a task by its id, escaped in the path', async () => {
    const task = makeTask({ id: 'cgt-a/b' })
    const { fetch, calls } = fakeFetch(json(200, task))
    await expect(new Kinora({ fetch, ...fast }).tasks.get('cgt-a/b')).resolves.toEqual(task)
    expect(calls[0]?.url.pathname).toBe('/api/v3/contents/generations/tasks/cgt-a%2Fb')
  })

  it('encodes list paging and filters, one filter.task_ids per id', async () => {
    const { fetch, calls } = fakeFetch(json(200, { total: 0, items: [] }))
    await new Kinora({ fetch, ...fast }).tasks.list({
      page_num: 2,
      page_size: 50,
      status: 'running',
      task_ids: ['cgt-1', 'cgt-2'],
      model: 'seedance-2.0',
    })
    expect(calls[0]?.url.search).toBe(
      '?page_num=2&page_size=50&filter.status=running&filter.task_ids=cgt-1&filter.task_ids=cgt-2&filter.model=seedance-2.0',
    )
  })

  it('lists every task across pages, each once, and stops after the last page', async () => {
    const t = (n: number) => makeTask({ id: `cgt-${n}` })
    const { fetch, calls } = fakeFetch(
      json(200, { total: 5, items: [t(5), t(4)] }),
      // A task created meanwhile pushes cgt-4 onto the second page.
      json(200, { total: 6, items: [t(4), t(3)] }),
      json(200, { total: 6, items: [t(2), t(1)] }),
    )
    const ids: string[] = []
    for await (const task of new Kinora({ fetch, ...fast }).tasks.listAll({
      page_size: 2,
      status: 'succeeded',
    })) {
      ids.push(task.id)
    }
    expect(ids).toEqual(['cgt-5', 'cgt-4', 'cgt-3', 'cgt-2', 'cgt-1'])
    expect(calls.map((c) => c.url.searchParams.get('page_num'))).toEqual(['1', '2', '3'])
    expect(calls.every((c) => c.url.searchParams.get('filter.status') === 'succeeded')).toBe(true)
  })

  it('deletes with force=true only when asked, and throws ConflictError for a running task', async () => {
    const { fetch, calls } = fakeFetch(
      json(200, {}),
      json(200, {}),
      apiError(409, 'TaskNotCancellable'),
    )
    const client = new Kinora({ fetch, ...fast })
    await client.tasks.delete('cgt-1', { force: true })
    await client.tasks.delete('cgt-1')
    await expect(client.tasks.delete('cgt-1')).rejects.toBeInstanceOf(ConflictError)
    expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      'DELETE /api/v3/contents/generations/tasks/cgt-1?force=true',
      'DELETE /api/v3/contents/generations/tasks/cgt-1',
      'DELETE /api/v3/contents/generations/tasks/cgt-1',
    ])
  })
})

describe('tasks.wait', () => {
  const states = (...tasks: Partial<Task>[]): Answer[] => tasks.map((t) => json(200, makeTask(t)))

  it('reports each change of status or progress and returns the final task', async () => {
    const { fetch, calls } = fakeFetch(
      ...states(
        { status: 'queued', progress: 0 },
        { status: 'running', progress: 40 },
        { status: 'running', progress: 40 },
        { status: 'running', progress: 80 },
        {
          status: 'succeeded',
          progress: 100,
          content: { video_url: 'http://kinora.test/files/v' },
        },
      ),
    )
    const seen: string[] = []
    const task = await new Kinora({ fetch, ...fast }).tasks.wait('cgt-1', {
      pollInterval: 1,
      onProgress: (t) => seen.push(`${t.status} ${t.progress}`),
    })
    expect(task.content?.video_url).toBe('http://kinora.test/files/v')
    expect(seen).toEqual(['queued 0', 'running 40', 'running 80', 'succeeded 100'])
    expect(calls).toHaveLength(5)
  })

  it('returns a failed task rather than throwing', async () => {
    const error = { code: 'InternalServiceError', message: 'the engine crashed' }
    const { fetch } = fakeFetch(...states({ status: 'running' }, { status: 'failed', error }))
    const task = await new Kinora({ fetch, ...fast }).tasks.wait('cgt-1', { pollInterval: 1 })
    expect(task).toMatchObject({ status: 'failed', error })
  })

  it('stops polling with APIUserAbortError when its signal aborts', async () => {
    const { fetch, calls } = fakeFetch(...states({ status: 'running', progress: 10 }))
    const controller = new AbortController()
    const waiting = new Kinora({ fetch, ...fast }).tasks.wait('cgt-1', {
      pollInterval: 5,
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 30)
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError)
    const polls = calls.length
    expect(polls).toBeGreaterThan(1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(calls).toHaveLength(polls)
  })

  it('throws WaitTimeoutError with the last task seen once its timeout has passed', async () => {
    const { fetch } = fakeFetch(...states({ status: 'running', progress: 30 }))
    const error = await new Kinora({ fetch, ...fast }).tasks
      .wait('cgt-1', { pollInterval: 5, timeout: 25 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WaitTimeoutError)
    expect((error as WaitTimeoutError).task).toMatchObject({ status: 'running', progress: 30 })
  })
})
