import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPgBossQueue } from '../queue/pgboss.js'
import { POSTGRES_MIGRATIONS } from './migrations/postgres.js'
import { createPostgresStore, openPostgres } from './postgres.js'
import { describeStore } from './test-describe-store.js'
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from './test-postgres.js'
import { testTask } from './test-task.js'

/** The store and the queue that inserts its tasks, on a pool of their own. */
async function open(url: string) {
  const pool = await openPostgres(url, { max: 4 })
  const queue = await createPgBossQueue(pool)
  const store = createPostgresStore(pool)
  return {
    store,
    insertTask: queue.enqueue,
    async close() {
      await queue.close()
      await store.close()
    },
  }
}

describe.skipIf(TEST_DATABASE_URL === undefined)('postgres', () => {
  describeStore('postgres', async () => {
    const db = await createTestSchema()
    const { store, insertTask, close } = await open(db.url)
    return {
      store,
      insertTask,
      async cleanup() {
        await close()
        await db.drop()
      },
    }
  })

  describe('openPostgres', () => {
    let db: TestSchema
    beforeEach(async () => {
      db = await createTestSchema()
    })
    afterEach(async () => {
      await db.drop()
    })

    it('applies each migration once, also when processes start together', async () => {
      const pools = await Promise.all([1, 2, 3].map(() => openPostgres(db.url, { max: 1 })))
      try {
        const { rows } = await pools[0]!.query('SELECT id, name FROM schema_migrations ORDER BY id')
        expect(rows).toEqual(POSTGRES_MIGRATIONS.map(({ id, name }) => ({ id, name })))
      } finally {
        await Promise.all(pools.map((p) => p.end()))
      }
    })

    it('refuses a database migrated by a newer Kinora, naming the versions', async () => {
      const pool = await openPostgres(db.url)
      await pool.query(`INSERT INTO schema_migrations VALUES (999, 'from-the-future', 0)`)
      await pool.end()
      const known = POSTGRES_MIGRATIONS.at(-1)!.id
      await expect(openPostgres(db.url)).rejects.toThrow(
        new RegExp(`schema version 999.*up to ${known}`),
      )
    })

    it('keeps tasks across a reopen, in the schema the URL selects', async () => {
      const first = await open(db.url)
      const task = testTask()
      await first.insertTask(task)
      await first.close()
      const second = await open(db.url)
      expect(await second.store.getTask(task.id)).toStrictEqual(task)
      await second.close()
      const raw = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await raw.connect()
      const { rows } = await raw.query(`SELECT count(*)::int AS n FROM ${db.schema}.tasks`)
      await raw.end()
      expect(rows).toEqual([{ n: 1 }])
    })

    it('answers ping with false once closed, and closing twice is harmless', async () => {
      const store = createPostgresStore(await openPostgres(db.url))
      await store.close()
      await store.close()
      expect(await store.ping()).toBe(false)
    })
  })
})
