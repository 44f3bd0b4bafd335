import { afterEach, describe, expect, it } from 'vitest'
import type { TaskRecord, TaskStatus } from '../store/store.js'
import { testTask } from '../store/test-task.js'
import { createCallbackDispatcher } from './callback-dispatcher.js'
import { createMemoryWebhookStore } from './memory-webhook-store.js'
import { startWebhookReceiver, type WebhookReceiver } from './test-webhook-receiver.js'
import { newWebhookSecret } from './webhook-secret.js'

let hook: WebhookReceiver | undefined
afterEach(async () => {
  await hook?.close()
  hook = undefined
})

const quietLog = { warn: () => undefined }

async function setup(answers: number[] = [], delayMs = 0) {
  const store = createMemoryWebhookStore()
  const secret = newWebhookSecret()
  await store.setSecret('project-a', secret, 0)
  hook = await startWebhookReceiver(secret, { answers, delayMs })
  const dispatcher = createCallbackDispatcher({
    store,
    wire: async (task) => ({ id: task.id, status: task.status }),
    clock: { now: () => Date.now() },
    allowPrivate: true,
    retryDelaysMs: [20, 20, 20],
    log: quietLog,
  })
  const task = testTask({ params: { ...testTask().params, callbackUrl: `${hook.origin}/cb` } })
  const at = (status: TaskStatus, attempts = 1): TaskRecord => ({ ...task, status, attempts })
  return { store, dispatcher, task, at, hook }
}

describe('callback dispatcher', () => {
  it('delivers queued → running → succeeded in order, each signed with the project secret', async () => {
    // A slow receiver: without per-task ordering the later messages would overtake the first.
    const { dispatcher, at, task, hook } = await setup([], 100)
    dispatcher.notify(at('queued', 0))
    dispatcher.notify(at('running'))
    dispatcher.notify(at('succeeded'))
    await dispatcher.idle()
    expect(hook.received.map((r) => r.refused)).toEqual([null, null, null])
    expect(hook.received.map((r) => r.payload)).toEqual([
      { id: task.id, status: 'queued' },
      { id: task.id, status: 'running' },
      { id: task.id, status: 'succeeded' },
    ])
    expect(hook.received.map((r) => r.headers['webhook-id'])).toEqual([
      `msg_${task.id}_queued_0`,
      `msg_${task.id}_running_1`,
      `msg_${task.id}_succeeded_1`,
    ])
  })

  it('retries a terminal state after a 500 with the same message id, and records every attempt', async () => {
    const { dispatcher, at, task, store, hook } = await setup([500, 502])
    dispatcher.notify(at('failed'))
    await dispatcher.idle()
    expect(hook.received.map((r) => r.answered)).toEqual([500, 502, 200])
    expect(new Set(hook.received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([`msg_${task.id}_failed_1`]),
    )
    const attempts = await store.listAttempts(task.id)
    expect(attempts.map((a) => [a.attempt, a.event, a.httpStatus, a.error])).toEqual([
      [1, 'failed', 500, 'the receiver answered HTTP 500'],
      [2, 'failed', 502, 'the receiver answered HTTP 502'],
      [3, 'failed', 200, null],
    ])
  })

  it('gives up after 3 retries, and tries a non-terminal state only once', async () => {
    const { dispatcher, at, task, store, hook } = await setup([500, 500, 500, 500, 500, 500])
    dispatcher.notify(at('running'))
    dispatcher.notify(at('expired'))
    await dispatcher.idle()
    expect(hook.received).toHaveLength(5)
    const attempts = await store.listAttempts(task.id)
    expect(attempts.map((a) => `${a.event}#${a.attempt}`)).toEqual([
      'running#1',
      'expired#1',
      'expired#2',
      'expired#3',
      'expired#4',
    ])
  })

  it('creates a project secret on first use and keeps using it', async () => {
    const { dispatcher, at, store, hook } = await setup()
    const other = { ...at('queued', 0), projectId: 'project-b' }
    dispatcher.notify(other)
    dispatcher.notify({ ...other, status: 'running', attempts: 1 })
    await dispatcher.idle()
    const secret = await store.ensureSecret('project-b', 'not-used', 0)
    expect(secret).toMatch(/^whsec_/)
    // The receiver knows project-a's secret only: both messages fail its check, the same way.
    expect(hook.received.map((r) => r.refused)).toEqual([
      'No matching signature found',
      'No matching signature found',
    ])
  })

  it('sends nothing for a task without callback_url', async () => {
    const { dispatcher, at, hook } = await setup()
    dispatcher.notify({
      ...at('succeeded'),
      params: { ...at('succeeded').params, callbackUrl: null },
    })
    await dispatcher.idle()
    expect(hook.hits).toHaveLength(0)
  })

  it('stops waiting retries on close', async () => {
    const store = createMemoryWebhookStore()
    hook = await startWebhookReceiver(newWebhookSecret(), { answers: [500, 500, 500, 500] })
    const dispatcher = createCallbackDispatcher({
      store,
      wire: async (task) => ({ id: task.id }),
      clock: { now: () => Date.now() },
      allowPrivate: true,
      retryDelaysMs: [60_000, 60_000, 60_000],
      log: quietLog,
    })
    const task = testTask({
      status: 'failed',
      params: { ...testTask().params, callbackUrl: hook.origin },
    })
    dispatcher.notify(task)
    while (hook.received.length === 0) await new Promise((r) => setTimeout(r, 10))
    const started = Date.now()
    await dispatcher.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(hook.received).toHaveLength(1)
  })
})
