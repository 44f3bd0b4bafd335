import { describe, expect, it } from 'vitest'
import { IDEMPOTENCY_WINDOW_MS, type Store, type TaskRecord } from '../store/store.js'
import { T0, testTask } from '../store/test-task.js'
import type { Queue } from './queue.js'

/** What the idempotency cases use of the conformance suite (test-describe-queue.ts). */
export interface IdempotentEnqueueContext {
  /** The current test's Queue and Store (made afresh before each test). */
  queue(): Queue
  store(): Store
  openAnother(): Promise<Queue>
  enqueue(overrides?: Partial<TaskRecord>): Promise<TaskRecord>
  drain(q: Queue, worker: string, now?: number): Promise<string[]>
}

/** Enqueue with an idempotency key (spec §4), for every Queue driver. */
export function describeIdempotentEnqueue({
  queue,
  store,
  openAnother,
  enqueue,
  drain,
}: IdempotentEnqueueContext): void {
  describe('enqueue with an idempotency key', () => {
    const since = T0 - IDEMPOTENCY_WINDOW_MS
    const keyed = (key: string, bodyHash = 'hash-1') => ({
      idempotency: { key, bodyHash, since },
    })

    it('enqueues the first task with a key and answers later ones with its record', async () => {
      const first = testTask()
      expect(await queue().enqueue(first, keyed('k1'))).toStrictEqual({ enqueued: true })
      const second = testTask({ createdAt: T0 + 5 })
      expect(await queue().enqueue(second, keyed('k1', 'hash-2'))).toStrictEqual({
        enqueued: false,
        existing: {
          projectId: 'project-a',
          key: 'k1',
          bodyHash: 'hash-1',
          taskId: first.id,
          createdAt: T0,
        },
      })
      expect(await store().getTask(second.id)).toBeNull()
      expect(await queue().depth()).toBe(1)
      expect(await drain(queue(), 'w1')).toEqual([first.id])
    })

    it('keeps keys apart per project', async () => {
      const a = testTask()
      const b = testTask({ projectId: 'project-b' })
      expect(await queue().enqueue(a, keyed('k1'))).toStrictEqual({ enqueued: true })
      expect(await queue().enqueue(b, keyed('k1'))).toStrictEqual({ enqueued: true })
      expect(await queue().depth()).toBe(2)
    })

    it('replaces a record made before `since`', async () => {
      const old = testTask({ createdAt: T0 - IDEMPOTENCY_WINDOW_MS - 1 })
      await queue().enqueue(old, keyed('k1'))
      const fresh = testTask()
      expect(await queue().enqueue(fresh, keyed('k1', 'hash-2'))).toStrictEqual({ enqueued: true })
      expect(await store().findIdempotencyKey('project-a', 'k1', since)).toMatchObject({
        taskId: fresh.id,
        bodyHash: 'hash-2',
      })
      expect(await queue().depth()).toBe(2)
    })

    it('leaves the key unclaimed when the task id is taken', async () => {
      const task = await enqueue()
      const twin = testTask({ id: task.id })
      expect(await queue().enqueue(twin, keyed('k1'))).toStrictEqual({
        enqueued: false,
        idTaken: true,
      })
      expect(await store().findIdempotencyKey('project-a', 'k1', since)).toBeNull()
      const next = testTask()
      expect(await queue().enqueue(next, keyed('k1'))).toStrictEqual({ enqueued: true })
    })

    it('makes exactly one task when enqueues with one key race on separate connections', async () => {
      const other = await openAnother()
      const tasks = Array.from({ length: 8 }, () => testTask())
      const results = await Promise.all(
        tasks.map((task, i) => (i % 2 === 0 ? queue() : other).enqueue(task, keyed('race'))),
      )
      const winners = tasks.filter((_, i) => results[i]!.enqueued)
      expect(winners).toHaveLength(1)
      for (const result of results) {
        if (!result.enqueued) {
          expect(result).toMatchObject({ existing: { taskId: winners[0]!.id } })
        }
      }
      expect(await queue().depth()).toBe(1)
      expect(await drain(other, 'w1')).toEqual([winners[0]!.id])
    })
  })
}
