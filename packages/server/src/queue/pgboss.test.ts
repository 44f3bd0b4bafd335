import type pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPostgresStore, openPostgres } from '../store/postgres.js'
import type { Store } from '../store/store.js'
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../store/test-postgres.js'
import { T0, testTask } from '../store/test-task.js'
import { createPgBossQueue } from './pgboss.js'
import type { Queue } from './queue.js'
import { describeQueue } from './test-describe-queue.js'

const LEASE = 30_000

describe.skipIf(TEST_DATABASE_URL === undefined)('pg-boss', () => {
  describeQueue('pg-boss', async () => {
    const db = await createTestSchema()
    const pool = await openPostgres(db.url, { max: 4 })
    const queues = [await createPgBossQueue(pool)]
    const others: pg.Pool[] = []
    return {
      queue: queues[0]!,
      store: createPostgresStore(pool),
      async openAnother() {
        const other = await openPostgres(db.url, { max: 4 })
        others.push(other)
        const queue = await createPgBossQueue(other)
        queues.push(queue)
        return queue
      },
      async cleanup() {
        for (const queue of queues) await queue.close()
        for (const other of others) await other.end()
        await pool.end()
        await db.drop()
      },
    }
  })

  it('installs pg-boss once when processes start together on a new database', async () => {
    const db = await createTestSchema()
    try {
      const started = await Promise.allSettled(
        [1, 2, 3, 4].map(async () => {
          const pool = await openPostgres(db.url, { max: 2 })
          const queue = await createPgBossQueue(pool).catch(async (err: unknown) => {
            await pool.end()
            throw err
          })
          return { pool, queue }
        }),
      )
      for (const result of started) {
        if (result.status === 'fulfilled') {
          await result.value.queue.close()
          await result.value.pool.end()
        }
      }
      expect(started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
        'ok',
        'ok',
      ])
    } finally {
      await db.drop()
    }
  })

  describe('pg-boss jobs', () => {
    let db: TestSchema
    let pool: pg.Pool
    let queue: Queue
    let store: Store
    beforeEach(async () => {
      db = await createTestSchema()
      pool = await openPostgres(db.url, { max: 4 })
      queue = await createPgBossQueue(pool)
      store = createPostgresStore(pool)
    })
    afterEach(async () => {
      await queue.close()
      await pool.end()
      await db.drop()
    })

    /** pg-boss's jobs of the Kinora queue, by state. */
    const jobs = async (): Promise<Record<string, number>> => {
      const { rows } = await pool.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM ${db.schema}_pgboss.job
         WHERE name = 'kinora_tasks' GROUP BY state`,
      )
      return Object.fromEntries(rows.map((r) => [r.state, r.n]))
    }

    it('keeps pg-boss in a schema of its own beside the tables', async () => {
      const { rows } = await pool.query<{ table_schema: string }>(
        `SELECT DISTINCT table_schema FROM information_schema.tables
         WHERE table_schema LIKE $1 ORDER BY 1`,
        [`${db.schema}%`],
      )
      expect(rows.map((r) => r.table_schema)).toEqual([db.schema, `${db.schema}_pgboss`])
    })

    it('sends one job with the task, and none when the task insert fails', async () => {
      const task = testTask()
      await queue.enqueue(task)
      // The insert fails on the taken id, and the transaction with it.
      expect(await queue.enqueue({ ...task })).toStrictEqual({ enqueued: false, idTaken: true })
      expect(await jobs()).toEqual({ created: 1 })
    })

    it('completes the job in the claim, and sends a new one when the task is released', async () => {
      const task = testTask()
      await queue.enqueue(task)
      await queue.claim('w1', LEASE, T0)
      expect(await jobs()).toEqual({ completed: 1 })
      await queue.release(task.id, 'w1', T0 + 1)
      expect(await jobs()).toEqual({ completed: 1, created: 1 })
      await queue.claim('w1', LEASE, T0 + 2)
      await queue.recoverStalled(T0 + 2 + LEASE + 1)
      expect(await jobs()).toEqual({ completed: 2, created: 1 })
    })

    it('never starts a task cancelled while queued, and consumes its job', async () => {
      const cancelled = testTask({ priority: 9 })
      const other = testTask()
      await queue.enqueue(cancelled)
      await queue.enqueue(other)
      await store.updateTask(cancelled.id, ['queued'], { status: 'cancelled' })
      expect(await queue.claim('w1', LEASE, T0)).toMatchObject({ id: other.id })
      expect(await queue.claim('w1', LEASE, T0)).toBeNull()
      expect(await store.getTask(cancelled.id)).toMatchObject({ status: 'cancelled', attempts: 0 })
      expect(await jobs()).toEqual({ completed: 2 })
    })

    it('skips the job of a deleted task', async () => {
      const task = testTask()
      await queue.enqueue(task)
      await store.deleteTask(task.id)
      expect(await queue.claim('w1', LEASE, T0)).toBeNull()
      expect(await jobs()).toEqual({ completed: 1 })
    })
  })
})
