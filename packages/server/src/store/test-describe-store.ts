import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EnqueueOptions } from '../queue/queue.js'
import { IDEMPOTENCY_WINDOW_MS, type Store, type TaskRecord } from './store.js'
import { T0, testTask } from './test-task.js'

/** A fresh, empty Store and the way its driver creates tasks. */
export interface StoreFixture {
  store: Store
  /** Persists a new queued task as task creation does (for the embedded driver, Queue.enqueue). */
  insertTask(task: TaskRecord, opts?: EnqueueOptions): Promise<unknown>
  /** Closes the store and removes whatever the factory created. */
  cleanup(): Promise<void>
}

/**
 * The behaviour every Store driver must have (conventions.md, Tests). The factory is called before
 * each test and must return an empty store.
 */
export function describeStore(name: string, factory: () => Promise<StoreFixture>): void {
  describe(`Store conformance: ${name}`, () => {
    let fx: StoreFixture
    let store: Store
    beforeEach(async () => {
      fx = await factory()
      store = fx.store
    })
    afterEach(async () => {
      await fx.cleanup()
    })

    const insert = async (overrides: Partial<TaskRecord> = {}): Promise<TaskRecord> => {
      const task = testTask(overrides)
      await fx.insertTask(task)
      return task
    }

    /** Moves a task to `status` through the store, as the worker and the API do. */
    const insertIn = async (status: TaskRecord['status'], overrides: Partial<TaskRecord> = {}) => {
      const task = await insert(overrides)
      if (status === 'queued') return task
      const updated = await store.updateTask(task.id, ['queued'], { status })
      if (updated === null) throw new Error('test setup: queued task could not move')
      return updated
    }

    describe('tasks', () => {
      it('returns null for a task id it does not hold', async () => {
        expect(await store.getTask('cgt-missing')).toBeNull()
      })

      it('reads back a new task exactly as it was inserted', async () => {
        const task = await insert({ priority: 7, createdAt: T0 + 123, updatedAt: T0 + 123 })
        expect(await store.getTask(task.id)).toStrictEqual(task)
      })

      it('reads back every mutable field exactly as an update wrote it', async () => {
        const task = await insert()
        const patch = {
          model: 'seedance-2.0-fast',
          engine: 'comfyui',
          status: 'succeeded',
          progress: 100,
          priority: 9,
          params: { ...task.params, ratio: '9:16', duration: 5, seed: 7 },
          error: { code: 'InternalServiceError', message: 'line one\nline "two"' },
          usage: { completionTokens: 108_000, totalTokens: 108_000, toolUsage: { web_search: 2 } },
          outputs: {
            videoKey: 'tasks/x/video.mp4',
            lastFrameKey: 'tasks/x/last.png',
            ratio: '9:16',
            width: 720,
            height: 1280,
            duration: 5,
          },
          attempts: 2,
          leaseOwner: 'host:1:abc',
          leaseExpiresAt: T0 + 30_000,
          updatedAt: T0 + 5_000,
          expiresAt: T0 + 3_600_000,
        } satisfies Partial<TaskRecord>
        const expected = { ...task, ...patch }
        expect(await store.updateTask(task.id, ['queued'], patch)).toStrictEqual(expected)
        expect(await store.getTask(task.id)).toStrictEqual(expected)
      })

      it('keeps optional JSON members absent rather than turning them into null', async () => {
        const task = await insert()
        await store.updateTask(task.id, ['queued'], {
          usage: { completionTokens: 1, totalTokens: 1 },
        })
        const usage = (await store.getTask(task.id))?.usage
        expect(usage).toStrictEqual({ completionTokens: 1, totalTokens: 1 })
        expect(usage && 'toolUsage' in usage).toBe(false)
      })

      it('refuses a second task with the same id, keeping the first', async () => {
        const task = await insert()
        expect(await fx.insertTask({ ...task, priority: 9 })).toStrictEqual({
          enqueued: false,
          idTaken: true,
        })
        expect(await store.getTask(task.id)).toStrictEqual(task)
      })

      it('deletes a task, and deleting it again is not an error', async () => {
        const task = await insert()
        const other = await insert()
        await store.deleteTask(task.id)
        await store.deleteTask(task.id)
        expect(await store.getTask(task.id)).toBeNull()
        expect(await store.getTask(other.id)).not.toBeNull()
      })
    })

    describe('updateTask', () => {
      it('applies the patch only when the status is one of those allowed', async () => {
        const task = await insertIn('running')
        expect(await store.updateTask(task.id, ['queued'], { status: 'cancelled' })).toBeNull()
        expect(await store.updateTask(task.id, [], { status: 'cancelled' })).toBeNull()
        expect((await store.getTask(task.id))?.status).toBe('running')
        const done = await store.updateTask(task.id, ['queued', 'running'], {
          status: 'succeeded',
          updatedAt: T0 + 1,
        })
        expect(done).toMatchObject({ status: 'succeeded', updatedAt: T0 + 1 })
      })

      it('lets exactly one of two racing transitions out of the same state win', async () => {
        const task = await insert()
        const cancel = store.updateTask(task.id, ['queued'], { status: 'cancelled' })
        const start = store.updateTask(task.id, ['queued'], { status: 'running' })
        const results = await Promise.all([cancel, start])
        expect(results.filter((r) => r !== null)).toHaveLength(1)
      })

      it('returns null for a task it does not hold', async () => {
        expect(await store.updateTask('cgt-missing', ['queued'], { progress: 5 })).toBeNull()
      })

      it('clears a field set to null and leaves fields the patch omits', async () => {
        const task = await insert()
        await store.updateTask(task.id, ['queued'], { error: { code: 'X', message: 'y' } })
        const row = await store.updateTask(task.id, ['queued'], {
          error: null,
          priority: undefined,
        })
        expect(row).toStrictEqual({ ...task, error: null })
      })

      it('answers an empty patch with the row when the status allows it', async () => {
        const task = await insert()
        expect(await store.updateTask(task.id, ['queued'], {})).toStrictEqual(task)
        expect(await store.updateTask(task.id, ['running'], {})).toBeNull()
      })
    })

    describe('setProgress', () => {
      const running = () => insertIn('running', { leaseOwner: 'w1' })

      it('raises the progress of a running task held by the worker', async () => {
        const task = await running()
        await store.setProgress(task.id, 'w1', 40, T0 + 10)
        expect(await store.getTask(task.id)).toMatchObject({ progress: 40, updatedAt: T0 + 10 })
      })

      it('never lowers progress', async () => {
        const task = await running()
        await store.setProgress(task.id, 'w1', 60, T0 + 10)
        await store.setProgress(task.id, 'w1', 30, T0 + 20)
        expect(await store.getTask(task.id)).toMatchObject({ progress: 60, updatedAt: T0 + 10 })
      })

      it('stores whole percents between 0 and 100', async () => {
        const task = await running()
        await store.setProgress(task.id, 'w1', 33.9, T0)
        expect((await store.getTask(task.id))?.progress).toBe(33)
        await store.setProgress(task.id, 'w1', 140, T0)
        expect((await store.getTask(task.id))?.progress).toBe(100)
      })

      it('ignores a worker that does not hold the lease', async () => {
        const task = await running()
        await store.setProgress(task.id, 'w2', 50, T0 + 10)
        expect((await store.getTask(task.id))?.progress).toBe(0)
      })

      it('ignores a task that is not running', async () => {
        const task = await insert({ leaseOwner: 'w1' })
        await store.setProgress(task.id, 'w1', 50, T0 + 10)
        const done = await insertIn('succeeded')
        await store.updateTask(done.id, ['succeeded'], { leaseOwner: 'w1', progress: 100 })
        await store.setProgress(done.id, 'w1', 50, T0 + 10)
        expect((await store.getTask(task.id))?.progress).toBe(0)
        expect((await store.getTask(done.id))?.progress).toBe(100)
      })
    })

    describe('listTasks', () => {
      const page = { projectId: 'project-a', pageNum: 1, pageSize: 50 }
      const ids = (r: { items: TaskRecord[] }) => r.items.map((t) => t.id)

      it('lists a project newest first, and tasks created in the same ms last-inserted first', async () => {
        const old = await insert({ createdAt: T0 })
        const tieFirst = await insert({ createdAt: T0 + 5 })
        const tieSecond = await insert({ createdAt: T0 + 5 })
        const newest = await insert({ createdAt: T0 + 9 })
        await insert({ projectId: 'project-b', createdAt: T0 + 7 })
        const result = await store.listTasks(page)
        expect(ids(result)).toEqual([newest.id, tieSecond.id, tieFirst.id, old.id])
        expect(result.total).toBe(4)
        expect(result.items[0]).toStrictEqual(newest)
      })

      it('filters by status, model and task ids, alone and together', async () => {
        const a = await insertIn('succeeded', { model: 'm1', createdAt: T0 + 1 })
        const b = await insertIn('failed', { model: 'm1', createdAt: T0 + 2 })
        const c = await insertIn('succeeded', { model: 'm2', createdAt: T0 + 3 })
        await insertIn('queued', { model: 'm2', createdAt: T0 + 4 })
        expect(ids(await store.listTasks({ ...page, status: 'succeeded' }))).toEqual([c.id, a.id])
        expect(ids(await store.listTasks({ ...page, model: 'm1' }))).toEqual([b.id, a.id])
        expect(ids(await store.listTasks({ ...page, taskIds: [a.id, c.id, 'cgt-none'] }))).toEqual([
          c.id,
          a.id,
        ])
        const all = await store.listTasks({
          ...page,
          status: 'succeeded',
          model: 'm1',
          taskIds: [a.id, b.id],
        })
        expect(all).toEqual({ total: 1, items: [a] })
      })

      it('treats an empty task id list as no filter', async () => {
        await insert()
        await insert()
        expect((await store.listTasks({ ...page, taskIds: [] })).total).toBe(2)
      })

      it('never lists another project’s tasks, even by id', async () => {
        const other = await insert({ projectId: 'project-b' })
        const result = await store.listTasks({ ...page, taskIds: [other.id] })
        expect(result).toEqual({ total: 0, items: [] })
      })

      it('pages with 1-based page numbers and reports the total of all pages', async () => {
        const made: TaskRecord[] = []
        for (let i = 0; i < 5; i++) made.push(await insert({ createdAt: T0 + i }))
        const newestFirst = made.reverse().map((t) => t.id)
        const second = await store.listTasks({ ...page, pageNum: 2, pageSize: 2 })
        expect(second.total).toBe(5)
        expect(ids(second)).toEqual(newestFirst.slice(2, 4))
        expect(ids(await store.listTasks({ ...page, pageNum: 3, pageSize: 2 }))).toEqual(
          newestFirst.slice(4),
        )
        expect(await store.listTasks({ ...page, pageNum: 4, pageSize: 2 })).toEqual({
          total: 5,
          items: [],
        })
      })
    })

    describe('findExpired and countTasks', () => {
      it('finds queued and running tasks whose deadline has come, up to the limit', async () => {
        const now = T0 + 10_000
        const queued = await insert({ expiresAt: now - 5 })
        const running = await insertIn('running', { expiresAt: now })
        await insert({ expiresAt: now + 1 })
        await insertIn('succeeded', { expiresAt: now - 5 })
        await insertIn('cancelled', { expiresAt: now - 5 })
        const found = await store.findExpired(now, 10)
        expect(found.map((t) => t.id).sort()).toEqual([queued.id, running.id].sort())
        expect(await store.findExpired(now, 1)).toHaveLength(1)
      })

      it('counts a project’s tasks in one status', async () => {
        await insert()
        await insert()
        await insertIn('running')
        await insert({ projectId: 'project-b' })
        expect(await store.countTasks('project-a', 'queued')).toBe(2)
        expect(await store.countTasks('project-a', 'running')).toBe(1)
        expect(await store.countTasks('project-c', 'queued')).toBe(0)
      })

      it('counts no further than a limit, and exactly below it', async () => {
        for (let i = 0; i < 4; i++) await insert()
        await insert({ projectId: 'project-b' })
        expect(await store.countTasks('project-a', 'queued', 2)).toBe(2)
        expect(await store.countTasks('project-a', 'queued', 4)).toBe(4)
        expect(await store.countTasks('project-a', 'queued', 10)).toBe(4)
        expect(await store.countTasks('project-b', 'queued', 10)).toBe(1)
        expect(await store.countTasks('project-a', 'running', 10)).toBe(0)
      })
    })

    describe('countTasksByStatus', () => {
      it('counts the tasks of every project by status, zero for the absent ones', async () => {
        await insert()
        await insert({ projectId: 'project-b' })
        await insertIn('running')
        await insertIn('failed', { projectId: 'project-c' })
        expect(await store.countTasksByStatus()).toStrictEqual({
          queued: 2,
          running: 1,
          succeeded: 0,
          failed: 1,
          cancelled: 0,
          expired: 0,
        })
      })
    })

    describe('idempotency keys', () => {
      const since = T0 - IDEMPOTENCY_WINDOW_MS
      const withKey = async (key: string, overrides: Partial<TaskRecord> = {}) => {
        const task = testTask(overrides)
        await fx.insertTask(task, { idempotency: { key, bodyHash: 'hash-1', since } })
        return task
      }

      it('finds the record of a key in its project, with the task it made', async () => {
        const task = await withKey('order-42')
        expect(await store.findIdempotencyKey('project-a', 'order-42', since)).toStrictEqual({
          projectId: 'project-a',
          key: 'order-42',
          bodyHash: 'hash-1',
          taskId: task.id,
          createdAt: T0,
        })
      })

      it('keeps keys apart per project and ignores records older than `since`', async () => {
        await withKey('order-42')
        expect(await store.findIdempotencyKey('project-b', 'order-42', since)).toBeNull()
        expect(await store.findIdempotencyKey('project-a', 'order-43', since)).toBeNull()
        expect(await store.findIdempotencyKey('project-a', 'order-42', T0 + 1)).toBeNull()
      })

      it('forgets records older than a time, and the record of a deleted task', async () => {
        const old = await withKey('old', { createdAt: T0 - 10 })
        const kept = await withKey('kept')
        const deleted = await withKey('deleted')
        expect(await store.deleteIdempotencyKeys(T0)).toBe(1)
        expect(await store.findIdempotencyKey('project-a', 'old', 0)).toBeNull()
        expect(await store.getTask(old.id)).not.toBeNull()
        await store.deleteTask(deleted.id)
        expect(await store.findIdempotencyKey('project-a', 'deleted', 0)).toBeNull()
        expect(await store.findIdempotencyKey('project-a', 'kept', 0)).toMatchObject({
          taskId: kept.id,
        })
      })
    })

    describe('API keys', () => {
      const key = { id: 'key-1', projectId: 'project-a', hash: 'ab'.repeat(32), createdAt: T0 }

      it('finds a key by the hash of its secret', async () => {
        expect(await store.countApiKeys()).toBe(0)
        await store.createApiKey(key)
        expect(await store.findApiKeyByHash(key.hash)).toStrictEqual(key)
        expect(await store.findApiKeyByHash('cd'.repeat(32))).toBeNull()
        expect(await store.countApiKeys()).toBe(1)
      })

      it('refuses two keys with the same hash', async () => {
        await store.createApiKey(key)
        await expect(store.createApiKey({ ...key, id: 'key-2' })).rejects.toThrow()
        expect(await store.countApiKeys()).toBe(1)
      })
    })

    it('answers ping while open', async () => {
      expect(await store.ping()).toBe(true)
    })
  })
}
