import pg from 'pg'
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations/postgres.js'
import { patchToAssignments, TASK_FIELDS_SQL } from './postgres-task-row.js'
import {
  TASK_STATUSES,
  type ApiKeyRecord,
  type IdempotencyRecord,
  type Store,
  type TaskRecord,
  type TaskStatus,
} from './store.js'

const INT8_OID = 20

/** bigint columns hold epoch milliseconds and counts, all far below 2^53: read them as numbers. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (text: string) => Number(text)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

/**
 * Opens a connection pool on `url` (`postgres://user:pass@host:port/db`; a libpq `options`
 * parameter such as `options=-c search_path=kinora` picks a schema) and brings the schema up to
 * date. The pool is shared by the Store and the pg-boss Queue of the process.
 */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'kinora',
    max: opts.max ?? 10,
    types,
  })
  // A pooled connection that drops while idle (a server restart) is discarded by the pool and the
  // next query opens a new one; without a listener the 'error' event would end the process.
  pool.on('error', () => {})
  try {
    await migrate(pool, POSTGRES_MIGRATIONS)
    return pool
  } catch (err) {
    await pool.end()
    throw err
  }
}

/**
 * Applies the migrations this database lacks, in order, in one transaction, while holding an
 * advisory lock named after the schema: processes starting together wait for each other and the
 * later ones find the work done. The lock is taken before the transaction begins, so the
 * transaction's view of the catalog is never older than the previous holder's commit. A database
 * migrated by a newer Kinora is refused.
 */
async function migrate(pool: pg.Pool, migrations: readonly PostgresMigration[]): Promise<void> {
  const client = await pool.connect()
  const lockName = `hashtextextended('kinora.migrate.' || current_schema(), 0)`
  try {
    await client.query(`SELECT pg_advisory_lock(${lockName})`)
    await client.query('BEGIN')
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`)
    const { rows } = await client.query<{ id: number }>('SELECT id FROM schema_migrations')
    const applied = new Set(rows.map((r) => r.id))
    const known = migrations.at(-1)?.id ?? 0
    const newest = Math.max(0, ...applied)
    if (newest > known) {
      throw new Error(
        `The database has schema version ${newest}, but this Kinora knows versions up to ${known} ` +
          `only. Upgrade Kinora, or point KINORA_DATABASE_URL at another database.`,
      )
    }
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue
      await client.query(migration.sql)
      await client.query(
        'INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)',
        [migration.id, migration.name, Date.now()],
      )
    }
    await client.query('COMMIT')
    await client.query(`SELECT pg_advisory_unlock(${lockName})`)
    client.release()
  } catch (err) {
    // Dropping the connection also ends its transaction and releases the lock.
    client.release(err as Error)
    throw err
  }
}

/** The columns of `idempotency_keys` as an IdempotencyRecord. */
export const IDEMPOTENCY_FIELDS_SQL = `project_id AS "projectId", idempotency_key AS key,
  body_hash AS "bodyHash", task_id AS "taskId", created_at AS "createdAt"`

/**
 * The Store port on PostgreSQL (see `openPostgres`). Every state change is one conditional UPDATE,
 * so API processes and workers on other machines can race safely. `close()` ends the pool; the
 * pg-boss Queue borrows it and must be closed first.
 */
export function createPostgresStore(pool: pg.Pool): Store {
  const one = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    (await pool.query<T>(text, values)).rows[0] ?? null
  const count = async (text: string, values: unknown[] = []) =>
    (await one<{ n: number }>(text, values))?.n ?? 0

  return {
    async getTask(id) {
      return one<TaskRecord>(`SELECT ${TASK_FIELDS_SQL} FROM tasks WHERE id = $1`, [id])
    },

    async listTasks(query) {
      const values: unknown[] = [query.projectId]
      const where = ['project_id = $1']
      const add = (sql: string, value: unknown) => {
        values.push(value)
        where.push(sql.replace('?', `$${values.length}`))
      }
      if (query.status !== undefined) add('status = ?', query.status)
      if (query.model !== undefined) add('model = ?', query.model)
      // An empty id list is "no filter", like an absent one: `filter.task_ids` given zero times.
      if (query.taskIds !== undefined && query.taskIds.length > 0) add('id = ANY(?)', query.taskIds)
      const clause = where.join(' AND ')
      const total = await count(`SELECT count(*) AS n FROM tasks WHERE ${clause}`, values)
      const { rows } = await pool.query<TaskRecord>(
        `SELECT ${TASK_FIELDS_SQL} FROM tasks WHERE ${clause}
         ORDER BY created_at DESC, seq DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, query.pageSize, (query.pageNum - 1) * query.pageSize],
      )
      return { total, items: rows }
    },

    async updateTask(id, from, patch) {
      const { assignments, values } = patchToAssignments(patch, 3)
      // With nothing to set, "SET id = id" still answers whether the task is in an allowed state.
      const set = assignments.length > 0 ? assignments.join(', ') : 'id = id'
      return one<TaskRecord>(
        `UPDATE tasks SET ${set} WHERE id = $1 AND status = ANY($2) RETURNING ${TASK_FIELDS_SQL}`,
        [id, [...from], ...values],
      )
    },

    async setProgress(id, leaseOwner, progress, now) {
      if (!Number.isFinite(progress))
        throw new RangeError(`progress must be 0-100, got ${progress}`)
      // The wire field is an integer (spec §2.5): engines may report fractions.
      const value = Math.min(100, Math.max(0, Math.floor(progress)))
      await pool.query(
        `UPDATE tasks SET progress = $1, updated_at = $2
         WHERE id = $3 AND status = 'running' AND lease_owner = $4 AND progress < $1`,
        [value, now, id, leaseOwner],
      )
    },

    async deleteTask(id) {
      await pool.query('DELETE FROM tasks WHERE id = $1', [id])
    },

    async findExpired(now, limit) {
      const { rows } = await pool.query<TaskRecord>(
        `SELECT ${TASK_FIELDS_SQL} FROM tasks
         WHERE status IN ('queued', 'running') AND expires_at <= $1
         ORDER BY expires_at, seq LIMIT $2`,
        [now, limit],
      )
      return rows
    },

    async countTasks(projectId, status, limit) {
      // LIMIT NULL is no limit.
      return count(
        `SELECT count(*) AS n FROM (
           SELECT 1 FROM tasks WHERE project_id = $1 AND status = $2 LIMIT $3) AS counted`,
        [projectId, status, limit ?? null],
      )
    },

    async countTasksByStatus() {
      const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<
        TaskStatus,
        number
      >
      const { rows } = await pool.query<{ status: TaskStatus; n: number }>(
        'SELECT status, count(*) AS n FROM tasks GROUP BY status',
      )
      for (const { status, n } of rows) counts[status] = n
      return counts
    },

    async findIdempotencyKey(projectId, key, since) {
      return one<IdempotencyRecord>(
        `SELECT ${IDEMPOTENCY_FIELDS_SQL} FROM idempotency_keys
         WHERE project_id = $1 AND idempotency_key = $2 AND created_at >= $3`,
        [projectId, key, since],
      )
    },

    async deleteIdempotencyKeys(before) {
      const { rowCount } = await pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [
        before,
      ])
      return rowCount ?? 0
    },

    async createApiKey(key) {
      await pool.query(
        'INSERT INTO api_keys (id, project_id, hash, created_at) VALUES ($1, $2, $3, $4)',
        [key.id, key.projectId, key.hash, key.createdAt],
      )
    },

    async findApiKeyByHash(hash) {
      return one<ApiKeyRecord>(
        `SELECT id, project_id AS "projectId", hash, created_at AS "createdAt"
         FROM api_keys WHERE hash = $1`,
        [hash],
      )
    },

    async countApiKeys() {
      return count('SELECT count(*) AS n FROM api_keys')
    },

    async ping() {
      try {
        return (await one<{ ok: number }>('SELECT 1 AS ok', []))?.ok === 1
      } catch {
        return false
      }
    },

    async close() {
      if (!pool.ended && !pool.ending) await pool.end()
    },
  }
}
