// Idempotency keys taken inside the enqueue transaction of the pg-boss Queue (api.md §4).
import type pg from 'pg'
import { IDEMPOTENCY_FIELDS_SQL } from '../store/postgres.js'
import type { IdempotencyRecord, TaskRecord } from '../store/store.js'
import type { EnqueueOptions } from './queue.js'

/**
 * Takes the idempotency key for `task` unless a record made at or after `since` holds it, and
 * returns that record. A transaction racing with the same key waits here on the primary key
 * until the other commits, then finds its record (or takes the key if the other rolled back).
 */
export async function claimIdempotencyKey(
  client: pg.PoolClient,
  task: TaskRecord,
  idem: NonNullable<EnqueueOptions['idempotency']>,
): Promise<IdempotencyRecord | null> {
  for (;;) {
    const claimed = await client.query(
      `INSERT INTO idempotency_keys (project_id, idempotency_key, body_hash, task_id, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, idempotency_key) DO UPDATE SET body_hash = excluded.body_hash,
         task_id = excluded.task_id, created_at = excluded.created_at
       WHERE idempotency_keys.created_at < $6`,
      [task.projectId, idem.key, idem.bodyHash, task.id, task.createdAt, idem.since],
    )
    if (claimed.rowCount === 1) return null
    const { rows } = await client.query<IdempotencyRecord>(
      `SELECT ${IDEMPOTENCY_FIELDS_SQL} FROM idempotency_keys
       WHERE project_id = $1 AND idempotency_key = $2`,
      [task.projectId, idem.key],
    )
    // Gone meanwhile (its task was deleted): try to take the key again.
    if (rows[0] !== undefined) return rows[0]
  }
}
