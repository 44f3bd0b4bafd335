import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store, TaskRecord } from '../store/store.js'
import { T0, testTask } from '../store/test-task.js'
import { MAX_ATTEMPTS, type Queue } from './queue.js'
import { describeIdempotentEnqueue } from './test-describe-idempotent-enqueue.js'

/** A fresh, empty Queue with the Store that reads the same tasks. */
export interface QueueFixture {
  queue: Queue
  store: Store
  /**
   * Another Queue on its own connection to the same database, as a second worker process has.
   * The fixture's cleanup closes it.
   */
  openAnother(): Promise<Queue>
  /** Closes everything the factory opened and removes what it created. */
  cleanup(): Promise<void>
}

const LEASE = 30_000

/**
 * The behaviour every Queue driver must have (conventions.md, Tests): priority then FIFO claims,
 * leases that heartbeats extend, stalled-task recovery bounded by MAX_ATTEMPTS. Time is passed in,
 * never waited for. The factory is called before each test and must return an empty queue.
 */
export function describeQueue(name: string, factory: () => Promise<QueueFixture>): void {
  describe(`Queue conformance: ${name}`, () => {
    let fx: QueueFixture
    let queue: Queue
    let store: Store
    beforeEach(async () => {
      fx = await factory()
      ;({ queue, store } = fx)
    })
    afterEach(async () => {
      await fx.cleanup()
    })

    const enqueue = async (overrides: Partial<TaskRecord> = {}): Promise<TaskRecord> => {
      const task = testTask(overrides)
      await queue.enqueue(task)
      return task
    }

    /** Claims everything waiting, in order, and returns the ids. */
    const drain = async (q: Queue, worker: string, now = T0): Promise<string[]> => {
      const ids: string[] = []
      for (
        let task = await q.claim(worker, LEASE, now);
        task;
        task = await q.claim(worker, LEASE, now)
      ) {
        ids.push(task.id)
      }
      return ids
    }

    describe('enqueue and claim', () => {
      it('hands out a waiting task as running, with one attempt and a lease', async () => {
        const task = await enqueue()
        expect(await queue.depth()).toBe(1)
        const claimed = await queue.claim('w1', LEASE, T0 + 100)
        const expected = {
          ...task,
          status: 'running',
          attempts: 1,
          leaseOwner: 'w1',
          leaseExpiresAt: T0 + 100 + LEASE,
          updatedAt: T0 + 100,
        }
        expect(claimed).toStrictEqual(expected)
        expect(await store.getTask(task.id)).toStrictEqual(expected)
        expect(await queue.depth()).toBe(0)
      })

      it('answers null when nothing is waiting', async () => {
        expect(await queue.claim('w1', LEASE, T0)).toBeNull()
      })

      it('never hands out the same task twice', async () => {
        const a = await enqueue()
        const b = await enqueue()
        const first = await queue.claim('w1', LEASE, T0)
        const second = await queue.claim('w2', LEASE, T0)
        expect([first?.id, second?.id].sort()).toEqual([a.id, b.id].sort())
        expect(await queue.claim('w3', LEASE, T0)).toBeNull()
      })

      it('takes the highest priority first, then the oldest, then the first inserted', async () => {
        const lowOld = await enqueue({ priority: 0, createdAt: T0 })
        const highNew = await enqueue({ priority: 5, createdAt: T0 + 30 })
        const highOld = await enqueue({ priority: 5, createdAt: T0 + 20 })
        const lowOldTwin = await enqueue({ priority: 0, createdAt: T0 })
        const highOldTwin = await enqueue({ priority: 5, createdAt: T0 + 20 })
        const top = await enqueue({ priority: 9, createdAt: T0 + 90 })
        expect(await drain(queue, 'w1', T0 + 100)).toEqual(
          [top, highOld, highOldTwin, highNew, lowOld, lowOldTwin].map((t) => t.id),
        )
      })

      it('keeps FIFO among many tasks created in the same millisecond', async () => {
        const made: string[] = []
        for (let i = 0; i < 20; i++) made.push((await enqueue({ createdAt: T0 })).id)
        expect(await drain(queue, 'w1')).toEqual(made)
      })

      it('does not start a task whose deadline has passed', async () => {
        const stale = await enqueue({ expiresAt: T0 + 1_000 })
        const fresh = await enqueue({ expiresAt: T0 + 10_000 })
        expect(await drain(queue, 'w1', T0 + 1_000)).toEqual([fresh.id])
        expect((await store.getTask(stale.id))?.status).toBe('queued')
      })

      it('refuses to enqueue a task that is not queued', async () => {
        await expect(queue.enqueue(testTask({ status: 'running' }))).rejects.toThrow()
        expect(await queue.depth()).toBe(0)
      })

      it('answers a task whose id exists with idTaken, writing nothing', async () => {
        const task = await enqueue()
        const twin = testTask({ id: task.id, projectId: 'project-b', priority: 9 })
        expect(await queue.enqueue(twin)).toStrictEqual({ enqueued: false, idTaken: true })
        expect(await store.getTask(task.id)).toStrictEqual(task)
        expect(await queue.depth()).toBe(1)
        expect(await drain(queue, 'w1')).toEqual([task.id])
      })

      it('counts only waiting tasks in depth', async () => {
        await enqueue()
        await enqueue()
        const cancelled = await enqueue()
        await store.updateTask(cancelled.id, ['queued'], { status: 'cancelled' })
        await queue.claim('w1', LEASE, T0)
        expect(await queue.depth()).toBe(1)
      })

      it('lets workers on separate connections claim at once without sharing a task', async () => {
        const made = new Set<string>()
        for (let i = 0; i < 40; i++) made.add((await enqueue({ priority: i % 3 })).id)
        const other = await fx.openAnother()
        const claims = await Promise.all([
          drain(queue, 'w1'),
          drain(other, 'w2'),
          drain(queue, 'w3'),
        ])
        const all = claims.flat()
        expect(all).toHaveLength(made.size)
        expect(new Set(all)).toEqual(made)
        expect(await other.depth()).toBe(0)
      })
    })

    describeIdempotentEnqueue({
      queue: () => queue,
      store: () => store,
      openAnother: () => fx.openAnother(),
      enqueue,
      drain,
    })

    describe('leases', () => {
      const claimOne = async (worker = 'w1', now = T0) => {
        const task = await enqueue()
        const claimed = await queue.claim(worker, LEASE, now)
        if (claimed?.id !== task.id) throw new Error('test setup: claim failed')
        return claimed
      }

      it('extends the lease of the worker that holds it', async () => {
        const task = await claimOne()
        expect(await queue.heartbeat(task.id, 'w1', LEASE, T0 + 20_000)).toBe(true)
        expect((await store.getTask(task.id))?.leaseExpiresAt).toBe(T0 + 20_000 + LEASE)
      })

      it('refuses a heartbeat from another worker and leaves the lease as it was', async () => {
        const task = await claimOne()
        expect(await queue.heartbeat(task.id, 'w2', LEASE, T0 + 20_000)).toBe(false)
        expect(await queue.heartbeat('cgt-missing', 'w1', LEASE, T0)).toBe(false)
        expect((await store.getTask(task.id))?.leaseExpiresAt).toBe(T0 + LEASE)
      })

      it('refuses a heartbeat once the task has left running', async () => {
        const task = await claimOne()
        await store.updateTask(task.id, ['running'], { status: 'succeeded' })
        expect(await queue.heartbeat(task.id, 'w1', LEASE, T0 + 1)).toBe(false)
      })

      it('puts a released task back in the queue, keeping its attempts', async () => {
        const task = await claimOne()
        expect(await queue.release(task.id, 'w1', T0 + 5)).toBe(true)
        expect(await store.getTask(task.id)).toMatchObject({
          status: 'queued',
          attempts: 1,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: T0 + 5,
        })
        expect(await queue.depth()).toBe(1)
        expect(await queue.claim('w2', LEASE, T0 + 6)).toMatchObject({ id: task.id, attempts: 2 })
      })

      it('gives the attempt back on a release that refunds it (a graceful shutdown)', async () => {
        const task = await claimOne()
        expect(await queue.release(task.id, 'w1', T0 + 5, { refundAttempt: true })).toBe(true)
        expect(await store.getTask(task.id)).toMatchObject({ status: 'queued', attempts: 0 })
        expect(await queue.claim('w2', LEASE, T0 + 6)).toMatchObject({ id: task.id, attempts: 1 })
      })

      it('holds a task released with retryAt back until wakeRetries at that time', async () => {
        const task = await claimOne()
        expect(await queue.release(task.id, 'w1', T0 + 5, { retryAt: T0 + 5000 })).toBe(true)
        expect(await store.getTask(task.id)).toMatchObject({ status: 'queued', attempts: 1 })
        const later = await enqueue({ priority: -1 })
        // Waiting out its backoff, the task lets a later one of lower priority go first.
        expect(await drain(queue, 'w2', T0 + 6)).toEqual([later.id])
        expect(await queue.wakeRetries(T0 + 4999)).toEqual([])
        expect(await queue.claim('w2', LEASE, T0 + 4999)).toBeNull()
        expect(await queue.wakeRetries(T0 + 5000)).toEqual([task.id])
        expect(await queue.wakeRetries(T0 + 5001)).toEqual([])
        expect(await queue.claim('w2', LEASE, T0 + 5001)).toMatchObject({
          id: task.id,
          attempts: 2,
        })
      })

      it('leaves a task released with a retryAt already past claimable at once', async () => {
        const task = await claimOne()
        expect(await queue.release(task.id, 'w1', T0 + 5, { retryAt: T0 + 5 })).toBe(true)
        expect(await queue.claim('w2', LEASE, T0 + 6)).toMatchObject({ id: task.id })
      })

      it('refuses a release by a worker that does not hold the task', async () => {
        const task = await claimOne()
        expect(await queue.release(task.id, 'w2', T0 + 5)).toBe(false)
        expect(await store.getTask(task.id)).toMatchObject({ status: 'running', leaseOwner: 'w1' })
      })
    })

    describe('recoverStalled', () => {
      it('requeues a running task whose lease ran out and leaves live leases alone', async () => {
        const dead = await enqueue({ priority: 1 })
        const alive = await enqueue()
        await queue.claim('w1', LEASE, T0)
        await queue.claim('w2', LEASE, T0)
        await queue.heartbeat(alive.id, 'w2', LEASE, T0 + LEASE - 1)
        const at = T0 + LEASE + 1
        expect(await queue.recoverStalled(at)).toEqual({ requeued: [dead.id], failed: [] })
        expect(await store.getTask(dead.id)).toMatchObject({
          status: 'queued',
          attempts: 1,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: at,
        })
        expect(await store.getTask(alive.id)).toMatchObject({ status: 'running', leaseOwner: 'w2' })
      })

      it('does not count a lease as run out at the very millisecond it ends', async () => {
        await enqueue()
        await queue.claim('w1', LEASE, T0)
        expect(await queue.recoverStalled(T0 + LEASE)).toEqual({ requeued: [], failed: [] })
      })

      it('takes the task from the dead worker: its heartbeats, releases and progress fail', async () => {
        const task = await enqueue()
        await queue.claim('w1', LEASE, T0)
        await queue.recoverStalled(T0 + LEASE + 1)
        await queue.claim('w2', LEASE, T0 + LEASE + 2)
        expect(await queue.heartbeat(task.id, 'w1', LEASE, T0 + LEASE + 3)).toBe(false)
        expect(await queue.release(task.id, 'w1', T0 + LEASE + 3)).toBe(false)
        await store.setProgress(task.id, 'w1', 90, T0 + LEASE + 3)
        expect(await store.getTask(task.id)).toMatchObject({ leaseOwner: 'w2', progress: 0 })
      })

      it(`fails a task whose worker stopped responding on its ${MAX_ATTEMPTS}th start`, async () => {
        const task = await enqueue()
        let now = T0
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          expect(await queue.claim(`w${attempt}`, LEASE, now)).toMatchObject({
            id: task.id,
            attempts: attempt,
          })
          await store.setProgress(task.id, `w${attempt}`, 20 * attempt, now)
          now += LEASE + 1
          const last = attempt === MAX_ATTEMPTS
          expect(await queue.recoverStalled(now)).toEqual({
            requeued: last ? [] : [task.id],
            failed: last ? [task.id] : [],
          })
        }
        const failed = await store.getTask(task.id)
        expect(failed).toMatchObject({
          status: 'failed',
          attempts: MAX_ATTEMPTS,
          progress: 20 * MAX_ATTEMPTS,
          leaseOwner: null,
          updatedAt: now,
          error: { code: 'InternalServiceError' },
        })
        expect(failed?.error?.message).toContain(`started ${MAX_ATTEMPTS} times`)
        expect(await queue.claim('w9', LEASE, now)).toBeNull()
        expect(await queue.recoverStalled(now + 10 * LEASE)).toEqual({ requeued: [], failed: [] })
      })
    })
  })
}
