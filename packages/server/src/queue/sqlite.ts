import { IDEMPOTENCY_FIELDS_SQL, type SqliteDatabase } from '../store/sqlite.js'
import type { IdempotencyRecord, TaskRecord } from '../store/store.js'
import { rowToTask, TASK_COLUMNS, taskToValues, type TaskRow } from '../store/sqlite-task-row.js'
import {
  MAX_ATTEMPTS,
  pendingRetryAt,
  type EnqueueOptions,
  type EnqueueResult,
  type Queue,
} from './queue.js'

/**
 * The embedded Queue: the task row is the job. A `queued` row waits; claiming it makes it `running`
 * with a lease (`lease_owner`, `lease_expires_at`) that heartbeats extend. Every change is one
 * conditional UPDATE, and claims run in IMMEDIATE transactions, so any number of worker processes
 * on the same database file never take the same task twice.
 *
 * The queue borrows the store's connection (`openSqlite`): its `close()` releases nothing, the
 * Store's `close()` closes the database.
 */
export function createSqliteQueue(db: SqliteDatabase): Queue {
  const insert = db.prepare(
    `INSERT INTO tasks (${TASK_COLUMNS.join(', ')})
     VALUES (${TASK_COLUMNS.map(() => '?').join(', ')})`,
  )
  // Takes the key unless a record made at or after `since` holds it (the WHERE of the upsert).
  const claimKey = db
    .prepare<[string, string, string, string, number, number], string>(
      `INSERT INTO idempotency_keys (project_id, idempotency_key, body_hash, task_id, created_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project_id, idempotency_key) DO UPDATE SET body_hash = excluded.body_hash,
         task_id = excluded.task_id, created_at = excluded.created_at
       WHERE idempotency_keys.created_at < ?
       RETURNING task_id`,
    )
    .pluck()
  const idTaken = db.prepare<[string], number>('SELECT 1 FROM tasks WHERE id = ?').pluck()
  const findKey = db.prepare<[string, string], IdempotencyRecord>(
    `SELECT ${IDEMPOTENCY_FIELDS_SQL} FROM idempotency_keys
     WHERE project_id = ? AND idempotency_key = ?`,
  )
  // Run in an IMMEDIATE transaction: it takes the write lock before reading, so two connections
  // cannot both pick the same row. A task past its deadline is left for the expiry sweep.
  const claimNext = db.prepare<[string, number, number, number], TaskRow>(
    `UPDATE tasks SET status = 'running', attempts = attempts + 1, lease_owner = ?,
       lease_expires_at = ?, updated_at = ?
     WHERE seq = (
       SELECT seq FROM tasks WHERE status = 'queued' AND retry_at IS NULL AND expires_at > ?
       ORDER BY priority DESC, created_at, seq LIMIT 1)
     RETURNING *`,
  )
  const extend = db.prepare<[number, string, string]>(
    `UPDATE tasks SET lease_expires_at = ?
     WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  )
  const requeue = db.prepare<[number, number | null, number, string, string]>(
    `UPDATE tasks SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
       attempts = attempts - ?, retry_at = ?, updated_at = ?
     WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  )
  const wake = db
    .prepare<[number], string>(
      `UPDATE tasks SET retry_at = NULL
       WHERE retry_at <= ? AND status = 'queued'
       RETURNING id`,
    )
    .pluck()
  const requeueStalled = db
    .prepare<[number, number, number], string>(
      `UPDATE tasks SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
       WHERE status = 'running' AND lease_expires_at < ? AND attempts < ?
       RETURNING id`,
    )
    .pluck()
  const failStalled = db
    .prepare<[string, number, number, number], string>(
      `UPDATE tasks SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
         error = json_object('code', 'InternalServiceError', 'message', replace(?, '{n}', attempts)),
         updated_at = ?
       WHERE status = 'running' AND lease_expires_at < ? AND attempts >= ?
       RETURNING id`,
    )
    .pluck()
  const depth = db.prepare<[], number>(`SELECT COUNT(*) FROM tasks WHERE status = 'queued'`).pluck()

  const enqueue = db.transaction((task: TaskRecord, opts: EnqueueOptions): EnqueueResult => {
    // Final: the IMMEDIATE transaction holds the write lock from here to the insert.
    if (idTaken.get(task.id) !== undefined) return { enqueued: false, idTaken: true }
    const idem = opts.idempotency
    if (idem) {
      const args = [task.projectId, idem.key, idem.bodyHash, task.id, task.createdAt] as const
      if (claimKey.get(...args, idem.since) === undefined) {
        return { enqueued: false, existing: findKey.get(task.projectId, idem.key)! }
      }
    }
    insert.run(...taskToValues(task))
    return { enqueued: true }
  })
  const claim = db.transaction((workerId: string, leaseMs: number, now: number) =>
    claimNext.get(workerId, now + leaseMs, now, now),
  )
  const recover = db.transaction((now: number) => ({
    failed: failStalled.all(STALLED_MESSAGE, now, now, MAX_ATTEMPTS),
    requeued: requeueStalled.all(now, now, MAX_ATTEMPTS),
  }))

  return {
    async enqueue(task, opts = {}) {
      if (task.status !== 'queued') {
        throw new Error(`enqueue expects a queued task; ${task.id} is ${task.status}.`)
      }
      return enqueue.immediate(task, opts)
    },

    async claim(workerId, leaseMs, now) {
      const row = claim.immediate(workerId, leaseMs, now)
      return row === undefined ? null : rowToTask(row)
    },

    async heartbeat(taskId, workerId, leaseMs, now) {
      return extend.run(now + leaseMs, taskId, workerId).changes === 1
    },

    async release(taskId, workerId, now, opts = {}) {
      const refund = opts.refundAttempt ? 1 : 0
      const retryAt = pendingRetryAt(opts, now)
      return requeue.run(refund, retryAt, now, taskId, workerId).changes === 1
    },

    async wakeRetries(now) {
      return wake.all(now)
    },

    async recoverStalled(now) {
      return recover.immediate(now)
    },

    async depth() {
      return depth.get() ?? 0
    },

    async close() {},
  }
}

/** `{n}` becomes the task's attempt count in SQL. */
const STALLED_MESSAGE =
  'The task was started {n} times, the most allowed, and its worker stopped responding on the ' +
  'last attempt, so it was not retried again.'
