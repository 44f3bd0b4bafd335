import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { SQLITE_MIGRATIONS, type SqliteMigration } from './migrations/sqlite.js'
import { patchToAssignments, rowToTask, type TaskRow } from './sqlite-task-row.js'
import {
  TASK_STATUSES,
  type ApiKeyRecord,
  type IdempotencyRecord,
  type Store,
  type TaskStatus,
} from './store.js'

export type SqliteDatabase = Database.Database

/**
 * Opens (creating it and its folder if needed) the embedded database and brings its schema up to
 * date. One connection per process, shared by the Store and the Queue drivers: better-sqlite3 is
 * synchronous, so a second connection in the same process would only add lock waits.
 *
 * WAL lets readers (the API) proceed while a worker writes; `busy_timeout` makes a writer wait for
 * another process's write lock instead of failing (`busyTimeoutMs`, default 5 s; past it a call
 * throws SQLITE_BUSY, see is-store-busy.ts); `synchronous = NORMAL` is durable across process
 * crashes in WAL mode (only an OS crash can lose the last commits).
 */
export function openSqlite(path: string, opts: { busyTimeoutMs?: number } = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  try {
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db, SQLITE_MIGRATIONS)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * Applies the migrations this database lacks, in order, in one IMMEDIATE transaction: two processes
 * starting together serialize on the write lock and the second finds the work done. A database
 * migrated by a newer Kinora is refused rather than used with a schema this code does not know.
 */
function migrate(db: SqliteDatabase, migrations: readonly SqliteMigration[]): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
    const applied = new Set(
      db.prepare<[], number>('SELECT id FROM schema_migrations').pluck().all(),
    )
    const known = migrations.at(-1)?.id ?? 0
    const newest = Math.max(0, ...applied)
    if (newest > known) {
      throw new Error(
        `The database ${db.name} has schema version ${newest}, but this Kinora knows versions up ` +
          `to ${known} only. Upgrade Kinora, or point KINORA_DATABASE_URL at another database.`,
      )
    }
    const record = db.prepare(
      'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)',
    )
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue
      db.exec(migration.sql)
      record.run(migration.id, migration.name, Date.now())
    }
  }).immediate()
}

/** The columns of `idempotency_keys` as an IdempotencyRecord. */
export const IDEMPOTENCY_FIELDS_SQL = `project_id AS projectId, idempotency_key AS key,
  body_hash AS bodyHash, task_id AS taskId, created_at AS createdAt`

/**
 * The Store port over an open SQLite database (see `openSqlite`). Status lists are bound as one
 * JSON array and expanded with `json_each`, so any number of statuses or task ids needs one
 * placeholder. `close()` closes the shared database; the SQLite queue driver borrows it.
 */
export function createSqliteStore(db: SqliteDatabase): Store {
  const getTask = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?')
  const raiseProgress = db.prepare<[number, number, string, string, number]>(
    `UPDATE tasks SET progress = ?, updated_at = ?
     WHERE id = ? AND status = 'running' AND lease_owner = ? AND progress < ?`,
  )
  const deleteTask = db.prepare<[string]>('DELETE FROM tasks WHERE id = ?')
  const findExpired = db.prepare<[number, number], TaskRow>(
    `SELECT * FROM tasks WHERE status IN ('queued', 'running') AND expires_at <= ?
     ORDER BY expires_at, seq LIMIT ?`,
  )
  // LIMIT -1 is no limit.
  const countTasks = db
    .prepare<[string, string, number], number>(
      `SELECT COUNT(*) FROM (SELECT 1 FROM tasks WHERE project_id = ? AND status = ? LIMIT ?)`,
    )
    .pluck()
  const countByStatus = db.prepare<[], { status: TaskStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM tasks GROUP BY status',
  )
  const findIdempotencyKey = db.prepare<[string, string, number], IdempotencyRecord>(
    `SELECT ${IDEMPOTENCY_FIELDS_SQL} FROM idempotency_keys
     WHERE project_id = ? AND idempotency_key = ? AND created_at >= ?`,
  )
  const deleteIdempotencyKeys = db.prepare<[number]>(
    'DELETE FROM idempotency_keys WHERE created_at < ?',
  )
  const insertKey = db.prepare<[string, string, string, number]>(
    'INSERT INTO api_keys (id, project_id, hash, created_at) VALUES (?, ?, ?, ?)',
  )
  const findKey = db.prepare<[string], ApiKeyRecord>(
    `SELECT id, project_id AS projectId, hash, created_at AS createdAt
     FROM api_keys WHERE hash = ?`,
  )
  const countKeys = db.prepare<[], number>('SELECT COUNT(*) FROM api_keys').pluck()
  const ping = db.prepare<[], number>('SELECT 1').pluck()

  return {
    async getTask(id) {
      const row = getTask.get(id)
      return row === undefined ? null : rowToTask(row)
    },

    async listTasks(query) {
      const where = ['project_id = ?']
      const params: (string | number)[] = [query.projectId]
      if (query.status !== undefined) {
        where.push('status = ?')
        params.push(query.status)
      }
      if (query.model !== undefined) {
        where.push('model = ?')
        params.push(query.model)
      }
      // An empty id list is "no filter", like an absent one: `filter.task_ids` given zero times.
      if (query.taskIds !== undefined && query.taskIds.length > 0) {
        where.push('id IN (SELECT value FROM json_each(?))')
        params.push(JSON.stringify(query.taskIds))
      }
      const clause = where.join(' AND ')
      const total = db
        .prepare<unknown[], number>(`SELECT COUNT(*) FROM tasks WHERE ${clause}`)
        .pluck()
        .get(...params)
      const rows = db
        .prepare<unknown[], TaskRow>(
          `SELECT * FROM tasks WHERE ${clause} ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?`,
        )
        .all(...params, query.pageSize, (query.pageNum - 1) * query.pageSize)
      return { total: total ?? 0, items: rows.map(rowToTask) }
    },

    async updateTask(id, from, patch) {
      const { assignments, values } = patchToAssignments(patch)
      // With nothing to set, "SET id = id" still answers whether the task is in an allowed state.
      const set = assignments.length > 0 ? assignments.join(', ') : 'id = id'
      const row = db
        .prepare<unknown[], TaskRow>(
          `UPDATE tasks SET ${set}
           WHERE id = ? AND status IN (SELECT value FROM json_each(?)) RETURNING *`,
        )
        .get(...values, id, JSON.stringify(from))
      return row === undefined ? null : rowToTask(row)
    },

    async setProgress(id, leaseOwner, progress, now) {
      if (!Number.isFinite(progress))
        throw new RangeError(`progress must be 0-100, got ${progress}`)
      // The wire field is an integer (spec §2.5): engines may report fractions.
      const value = Math.min(100, Math.max(0, Math.floor(progress)))
      raiseProgress.run(value, now, id, leaseOwner, value)
    },

    async deleteTask(id) {
      deleteTask.run(id)
    },

    async findExpired(now, limit) {
      return findExpired.all(now, limit).map(rowToTask)
    },

    async countTasks(projectId, status, limit) {
      return countTasks.get(projectId, status, limit ?? -1) ?? 0
    },

    async countTasksByStatus() {
      const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<
        TaskStatus,
        number
      >
      for (const { status, n } of countByStatus.all()) counts[status] = n
      return counts
    },

    async findIdempotencyKey(projectId, key, since) {
      return findIdempotencyKey.get(projectId, key, since) ?? null
    },

    async deleteIdempotencyKeys(before) {
      return deleteIdempotencyKeys.run(before).changes
    },

    async createApiKey(key) {
      insertKey.run(key.id, key.projectId, key.hash, key.createdAt)
    },

    async findApiKeyByHash(hash) {
      return findKey.get(hash) ?? null
    },

    async countApiKeys() {
      return countKeys.get() ?? 0
    },

    async ping() {
      try {
        return ping.get() === 1
      } catch {
        return false
      }
    },

    async close() {
      if (db.open) db.close()
    },
  }
}
