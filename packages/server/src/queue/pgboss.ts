import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import PgBoss from 'pg-boss'
import { insertTaskSql, TASK_FIELDS_SQL } from '../store/postgres-task-row.js'
import type { TaskRecord } from '../store/store.js'
import { claimIdempotencyKey } from './pg-idempotency.js'
import { clientDb, poolDb, transaction, whileLocked } from './pg-client.js'
import { MAX_ATTEMPTS, pendingRetryAt, type EnqueueResult, type Queue } from './queue.js'

export interface PgBossQueueOptions {
  /**
   * The schema of pg-boss's tables. Default: `pgboss`, or `<schema>_pgboss` when the pool's
   * current schema is not `public`, so several Kinoras can share one database.
   */
  schema?: string
  /** Errors of pg-boss's background maintenance (they never fail a Queue call). */
  onError?: (err: unknown) => void
}

const QUEUE = 'kinora_tasks'

/** What a job carries: which task is ready to start. */
interface JobData {
  taskId: string
}

/** The task fields a job is sent from. */
interface JobSource {
  id: string
  seq: number
  priority: number
  createdAt: number
}

/**
 * The scale-out Queue: pg-boss 10 in the database of the PostgreSQL Store, sharing its pool.
 *
 * Why two places: the task row stays the source of truth for state, attempts and the lease, as in
 * the embedded queue, because the worker settles a task through the Store (one conditional UPDATE),
 * cancel and expiry are Store updates, and leases must be heartbeated, released and recovered
 * exactly as the Queue port says. pg-boss is the delivery mechanism: a job means "this task is
 * ready to start". It is sent in the transaction that makes the task `queued` (enqueue, release,
 * stalled recovery), fetched with SKIP LOCKED in priority order, and completed in the transaction
 * that marks the task `running`. A job never stays active beyond that transaction, so pg-boss's own
 * expiry and retries never act; a dead worker is found by its lease, and its task gets a new job.
 *
 * A job whose task is no longer claimable (cancelled, deleted, past its deadline) is completed and
 * skipped; the expiry sweep settles a queued task past its deadline.
 */
export async function createPgBossQueue(
  pool: pg.Pool,
  opts: PgBossQueueOptions = {},
): Promise<Queue> {
  const schema = opts.schema ?? (await defaultSchema(pool))
  const boss = new PgBoss({ db: poolDb(pool), schema, schedule: false, migrate: true })
  boss.on('error', opts.onError ?? ((err) => console.error('pg-boss:', err)))
  await whileLocked(pool, `kinora.pgboss.${schema}`, async () => {
    await boss.start()
    // `short`: at most one waiting job per singleton key (the task id), a guard against doubles.
    await boss.createQueue(QUEUE, { name: QUEUE, policy: 'short' })
  })

  /**
   * Sends the job of a task that just became `queued`, inside `client`'s transaction. pg-boss
   * orders jobs by priority, then `created_on`, then id. `created_on` would be the time this
   * transaction started, so it is set to the task's creation time, and the id begins with the
   * task's `seq`: jobs then come out in the spec's order (priority, then FIFO by creation).
   */
  async function send(client: pg.PoolClient, task: JobSource): Promise<void> {
    const jobId = await boss.send(QUEUE, { taskId: task.id } satisfies JobData, {
      db: clientDb(client),
      id: orderedJobId(task.seq),
      priority: task.priority,
      singletonKey: task.id,
    })
    // null: a waiting job for this task exists already, which is all a queued task needs.
    if (jobId === null) return
    await client.query(
      `UPDATE ${schema}.job SET created_on = 'epoch'::timestamptz + $3 * interval '1 millisecond'
       WHERE name = $1 AND id = $2`,
      [QUEUE, jobId, task.createdAt],
    )
  }

  return {
    async enqueue(task, opts = {}) {
      if (task.status !== 'queued') {
        throw new Error(`enqueue expects a queued task; ${task.id} is ${task.status}.`)
      }
      const insert = insertTaskSql(task)
      try {
        return await transaction(pool, async (client): Promise<EnqueueResult> => {
          if (opts.idempotency) {
            const existing = await claimIdempotencyKey(client, task, opts.idempotency)
            if (existing) return { enqueued: false, existing }
          }
          const { rows } = await client.query<{ seq: number }>(
            `${insert.text} RETURNING seq`,
            insert.values,
          )
          await send(client, { ...task, seq: rows[0]!.seq })
          return { enqueued: true }
        })
      } catch (err) {
        // The transaction rolled back, the key it claimed with it.
        if (isTaskIdTaken(err)) return { enqueued: false, idTaken: true }
        throw err
      }
    },

    async claim(workerId, leaseMs, now) {
      return transaction(pool, async (client) => {
        const db = clientDb(client)
        for (;;) {
          const [job] = await boss.fetch<JobData>(QUEUE, { db, batchSize: 1, priority: true })
          if (job === undefined) return null
          // pg-boss's complete(name, id, options) overload reads its third argument as the output.
          await boss.complete(QUEUE, job.id, {}, { db })
          const { rows } = await client.query<TaskRecord>(
            `UPDATE tasks SET status = 'running', attempts = attempts + 1, lease_owner = $2,
               lease_expires_at = $3, updated_at = $4
             WHERE id = $1 AND status = 'queued' AND expires_at > $4
             RETURNING ${TASK_FIELDS_SQL}`,
            [job.data.taskId, workerId, now + leaseMs, now],
          )
          if (rows[0] !== undefined) return rows[0]
        }
      })
    },

    async heartbeat(taskId, workerId, leaseMs, now) {
      const { rowCount } = await pool.query(
        `UPDATE tasks SET lease_expires_at = $1
         WHERE id = $2 AND status = 'running' AND lease_owner = $3`,
        [now + leaseMs, taskId, workerId],
      )
      return rowCount === 1
    },

    async release(taskId, workerId, now, opts = {}) {
      // A task waiting out a backoff gets no job: wakeRetries sends it when its time comes.
      const retryAt = pendingRetryAt(opts, now)
      return transaction(pool, async (client) => {
        const { rows } = await client.query<JobSource>(
          `UPDATE tasks SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
             attempts = attempts - $4, retry_at = $5, updated_at = $1
           WHERE id = $2 AND status = 'running' AND lease_owner = $3
           RETURNING id, seq, priority, created_at AS "createdAt"`,
          [now, taskId, workerId, opts.refundAttempt ? 1 : 0, retryAt],
        )
        if (rows[0] === undefined) return false
        if (retryAt === null) await send(client, rows[0])
        return true
      })
    },

    async wakeRetries(now) {
      return transaction(pool, async (client) => {
        // SKIP LOCKED, as in recoverStalled: concurrent sweepers split the rows.
        const { rows } = await client.query<JobSource>(
          `UPDATE tasks SET retry_at = NULL
           WHERE seq IN (SELECT seq FROM tasks WHERE retry_at <= $1 AND status = 'queued'
             FOR UPDATE SKIP LOCKED)
           RETURNING id, seq, priority, created_at AS "createdAt"`,
          [now],
        )
        for (const task of rows) await send(client, task)
        return rows.map((t) => t.id)
      })
    },

    async recoverStalled(now) {
      return transaction(pool, async (client) => {
        // SKIP LOCKED: sweepers of several processes split the work instead of waiting on (or
        // deadlocking with) each other; a row skipped now is found by the next sweep.
        const stalled = (attempts: string) =>
          `seq IN (SELECT seq FROM tasks
             WHERE status = 'running' AND lease_expires_at < $1 AND attempts ${attempts}
             FOR UPDATE SKIP LOCKED)`
        const failed = await client.query<{ id: string }>(
          `UPDATE tasks SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
             error = jsonb_build_object('code', 'InternalServiceError',
               'message', replace($3, '{n}', attempts::text)),
             updated_at = $1
           WHERE ${stalled('>= $2')} RETURNING id`,
          [now, MAX_ATTEMPTS, STALLED_MESSAGE],
        )
        const requeued = await client.query<JobSource>(
          `UPDATE tasks SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
             updated_at = $1
           WHERE ${stalled('< $2')} RETURNING id, seq, priority, created_at AS "createdAt"`,
          [now, MAX_ATTEMPTS],
        )
        for (const task of requeued.rows) await send(client, task)
        return { requeued: requeued.rows.map((t) => t.id), failed: failed.rows.map((t) => t.id) }
      })
    },

    async depth() {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*) AS n FROM tasks WHERE status = 'queued'`,
      )
      return rows[0]?.n ?? 0
    },

    async close() {
      await boss.stop({ graceful: false })
    },
  }
}

/** A unique violation of `tasks.id` (its constraint is named by PostgreSQL's default rule). */
const isTaskIdTaken = (err: unknown): boolean =>
  err instanceof Error &&
  (err as { code?: unknown }).code === '23505' &&
  (err as { constraint?: unknown }).constraint === 'tasks_id_key'

/** `{n}` becomes the task's attempt count in SQL. */
const STALLED_MESSAGE =
  'The task was started {n} times, the most allowed, and its worker stopped responding on the ' +
  'last attempt, so it was not retried again.'

async function defaultSchema(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ schema: string | null }>('SELECT current_schema() AS schema')
  const current = rows[0]?.schema ?? 'public'
  return current === 'public' ? 'pgboss' : `${current}_pgboss`
}

/** A UUID that sorts by `seq` (16 hex digits), then random bits that keep it unique. */
function orderedJobId(seq: number): string {
  const hex = seq.toString(16).padStart(16, '0') + randomBytes(8).toString('hex')
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-')
}
