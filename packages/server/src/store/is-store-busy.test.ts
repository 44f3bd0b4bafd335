import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteQueue } from '../queue/sqlite.js'
import { isStoreBusy } from './is-store-busy.js'
import { openPostgres } from './postgres.js'
import { openSqlite } from './sqlite.js'
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from './test-postgres.js'
import { testTask } from './test-task.js'

/** What `work` threw; fails the test when it did not throw. */
async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work()
  } catch (err) {
    return err
  }
  throw new Error('expected the work to throw')
}

describe('isStoreBusy on SQLite', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinora-busy-'))
  })
  afterEach(() => rm(dir, { recursive: true }))

  it('recognises a write refused because another connection holds the write lock', async () => {
    const path = join(dir, 'kinora.db')
    const db = openSqlite(path, { busyTimeoutMs: 10 })
    const other = new Database(path)
    try {
      other.exec('BEGIN IMMEDIATE')
      const err = await thrownBy(() => createSqliteQueue(db).enqueue(testTask()))
      expect(err).toMatchObject({ code: 'SQLITE_BUSY' })
      expect(isStoreBusy(err)).toBe(true)
      other.exec('ROLLBACK')
      expect(await createSqliteQueue(db).enqueue(testTask())).toEqual({ enqueued: true })
    } finally {
      other.close()
      db.close()
    }
  })

  it('leaves other database errors to be faults', async () => {
    const db = openSqlite(':memory:')
    try {
      const err = await thrownBy(async () => db.exec('INSERT INTO nowhere VALUES (1)'))
      expect(err).toMatchObject({ code: 'SQLITE_ERROR' })
      expect(isStoreBusy(err)).toBe(false)
      expect(isStoreBusy(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false)
      expect(isStoreBusy({ code: 'SQLITE_BUSY' })).toBe(false)
      expect(isStoreBusy(undefined)).toBe(false)
    } finally {
      db.close()
    }
  })
})

describe.skipIf(TEST_DATABASE_URL === undefined)('isStoreBusy on PostgreSQL', () => {
  let schema: TestSchema
  let pool: pg.Pool
  beforeEach(async () => {
    schema = await createTestSchema()
    pool = await openPostgres(schema.url, { max: 2 })
  })
  afterEach(async () => {
    await pool.end()
    await schema.drop()
  })

  it('recognises a lock that was not granted in time', async () => {
    const holder = await pool.connect()
    const waiter = await pool.connect()
    try {
      await holder.query('BEGIN; LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE')
      await waiter.query(`SET lock_timeout = '10ms'`)
      const err = await thrownBy(() => waiter.query('SELECT count(*) FROM tasks'))
      expect(err).toMatchObject({ code: '55P03' })
      expect(isStoreBusy(err)).toBe(true)
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
      waiter.release(true)
    }
  })

  it('leaves other database errors to be faults', async () => {
    const err = await thrownBy(() => pool.query('SELECT * FROM nowhere'))
    expect(err).toMatchObject({ code: '42P01' })
    expect(isStoreBusy(err)).toBe(false)
  })
})
