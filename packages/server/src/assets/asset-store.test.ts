import { describe } from 'vitest'
import { openPostgres } from '../store/postgres.js'
import { openSqlite } from '../store/sqlite.js'
import { createTestSchema, TEST_DATABASE_URL } from '../store/test-postgres.js'
import { createPostgresAssetStore } from './postgres-asset-store.js'
import { createSqliteAssetStore } from './sqlite-asset-store.js'
import { describeAssetStore } from './test-describe-asset-store.js'

describeAssetStore('sqlite', async () => {
  const db = openSqlite(':memory:')
  return {
    assets: createSqliteAssetStore(db),
    async cleanup() {
      db.close()
    },
  }
})

describe.skipIf(TEST_DATABASE_URL === undefined)('postgres', () => {
  describeAssetStore('postgres', async () => {
    const schema = await createTestSchema()
    const pool = await openPostgres(schema.url, { max: 4 })
    return {
      assets: createPostgresAssetStore(pool),
      async cleanup() {
        await pool.end()
        await schema.drop()
      },
    }
  })
})
