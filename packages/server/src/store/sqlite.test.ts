import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteQueue } from '../queue/sqlite.js'
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js'
import { createSqliteStore, openSqlite, type SqliteDatabase } from './sqlite.js'
import { describeStore } from './test-describe-store.js'
import { testTask } from './test-task.js'

const fixture = (db: SqliteDatabase, dispose: () => Promise<void> = async () => {}) => {
  const store = createSqliteStore(db)
  const queue = createSqliteQueue(db)
  return {
    store,
    insertTask: queue.enqueue,
    async cleanup() {
      await store.close()
      await dispose()
    },
  }
}

describeStore('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-store-'))
  return fixture(openSqlite(join(dir, 'kinora.db')), () => rm(dir, { recursive: true }))
})

describeStore('sqlite :memory:', async () => fixture(openSqlite(':memory:')))

describe('openSqlite', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinora-sqlite-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true })
  })

  it('creates the database folder and sets WAL, busy timeout, foreign keys and NORMAL sync', () => {
    const db = openSqlite(join(dir, 'nested', 'data', 'kinora.db'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('synchronous', { simple: true })).toBe(1)
    } finally {
      db.close()
    }
  })

  it('applies each migration once, however often the database is opened', () => {
    const path = join(dir, 'kinora.db')
    openSqlite(path).close()
    const db = openSqlite(path)
    try {
      const applied = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all()
      expect(applied).toEqual(SQLITE_MIGRATIONS.map(({ id, name }) => ({ id, name })))
    } finally {
      db.close()
    }
  })

  it('refuses a database migrated by a newer Kinora, naming the versions', () => {
    const path = join(dir, 'kinora.db')
    openSqlite(path).close()
    const raw = new Database(path)
    raw.prepare('INSERT INTO schema_migrations VALUES (999, ?, 0)').run('from-the-future')
    raw.close()
    const known = SQLITE_MIGRATIONS.at(-1)!.id
    expect(() => openSqlite(path)).toThrow(new RegExp(`schema version 999.*up to ${known}`))
  })

  it('keeps tasks across a reopen of the file', async () => {
    const path = join(dir, 'kinora.db')
    const first = fixture(openSqlite(path))
    const task = testTask()
    await first.insertTask(task)
    await first.cleanup()
    const second = createSqliteStore(openSqlite(path))
    expect(await second.getTask(task.id)).toStrictEqual(task)
    await second.close()
  })

  it('counts a project’s tasks in one status from the (project_id, status) index alone', () => {
    const db = openSqlite(join(dir, 'kinora.db'))
    try {
      const plan = db
        .prepare<[], { detail: string }>(
          `EXPLAIN QUERY PLAN SELECT COUNT(*) FROM (
             SELECT 1 FROM tasks WHERE project_id = 'p' AND status = 'queued' LIMIT 120)`,
        )
        .all()
      expect(plan.map((row) => row.detail)).toContainEqual(
        expect.stringMatching(
          /COVERING INDEX tasks_by_project_status \(project_id=\? AND status=\?\)/,
        ),
      )
    } finally {
      db.close()
    }
  })

  it('answers ping with false once closed, and closing twice is harmless', async () => {
    const store = createSqliteStore(openSqlite(':memory:'))
    await store.close()
    await store.close()
    expect(await store.ping()).toBe(false)
  })
})
