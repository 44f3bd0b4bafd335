import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TaskRecord } from '../store/store.js'
import { testTask } from '../store/test-task.js'
import type { CallbackAttempt, WebhookStore } from './webhook-store.js'

export interface WebhookStoreFixture {
  webhooks: WebhookStore
  /** Stores a task (attempts reference tasks in the SQL drivers). */
  insertTask(task: TaskRecord): Promise<unknown>
  deleteTask(id: string): Promise<void>
  cleanup(): Promise<void>
}

const attempt = (taskId: string, n: number, over: Partial<CallbackAttempt> = {}) => ({
  taskId,
  messageId: `msg_${taskId}_failed_1`,
  event: 'failed' as const,
  attempt: n,
  url: 'https://example.com/hook',
  httpStatus: 500,
  error: 'the receiver answered HTTP 500',
  at: 1_795_622_457_000 + n,
  durationMs: 12,
  ...over,
})

/** The behaviour every WebhookStore driver shares. */
export function describeWebhookStore(name: string, open: () => Promise<WebhookStoreFixture>) {
  describe(`WebhookStore: ${name}`, () => {
    let f: WebhookStoreFixture
    beforeEach(async () => {
      f = await open()
    })
    afterEach(() => f.cleanup())

    it('keeps the first secret of a project and replaces it only on rotation', async () => {
      expect(await f.webhooks.ensureSecret('p1', 'whsec_first', 1)).toBe('whsec_first')
      expect(await f.webhooks.ensureSecret('p1', 'whsec_second', 2)).toBe('whsec_first')
      expect(await f.webhooks.ensureSecret('p2', 'whsec_other', 3)).toBe('whsec_other')
      await f.webhooks.setSecret('p1', 'whsec_rotated', 4)
      expect(await f.webhooks.ensureSecret('p1', 'whsec_third', 5)).toBe('whsec_rotated')
      await f.webhooks.setSecret('p3', 'whsec_new', 6)
      expect(await f.webhooks.ensureSecret('p3', 'whsec_x', 7)).toBe('whsec_new')
    })

    it("lists a task's attempts in the order they were made, every field intact", async () => {
      const a = testTask()
      const b = testTask()
      await f.insertTask(a)
      await f.insertTask(b)
      const first = attempt(a.id, 1)
      const ok = attempt(a.id, 2, { httpStatus: 204, error: null, durationMs: 7 })
      const timeout = attempt(b.id, 1, { httpStatus: null, error: 'no answer within 5 s' })
      await f.webhooks.recordAttempt(first)
      await f.webhooks.recordAttempt(timeout)
      await f.webhooks.recordAttempt(ok)
      expect(await f.webhooks.listAttempts(a.id)).toEqual([first, ok])
      expect(await f.webhooks.listAttempts(b.id)).toEqual([timeout])
      expect(await f.webhooks.listAttempts('cgt-none')).toEqual([])
    })
  })
}

/** SQL drivers also drop a task's attempts with the task. */
export function describeAttemptCleanup(name: string, open: () => Promise<WebhookStoreFixture>) {
  it(`${name}: deleting a task deletes its callback attempts`, async () => {
    const f = await open()
    try {
      const task = testTask()
      await f.insertTask(task)
      await f.webhooks.recordAttempt(attempt(task.id, 1))
      await f.deleteTask(task.id)
      expect(await f.webhooks.listAttempts(task.id)).toEqual([])
    } finally {
      await f.cleanup()
    }
  })
}
