import { createPgBossQueue } from '../queue/pgboss.js'
import { createSqliteQueue } from '../queue/sqlite.js'
import { createPostgresStore, openPostgres } from '../store/postgres.js'
import { createSqliteStore, openSqlite } from '../store/sqlite.js'
import { createTestSchema, TEST_DATABASE_URL } from '../store/test-postgres.js'
import { describe } from 'vitest'
import { createMemoryWebhookStore } from './memory-webhook-store.js'
import { createPostgresWebhookStore } from './postgres-webhook-store.js'
import { createSqliteWebhookStore } from './sqlite-webhook-store.js'
import {
  describeAttemptCleanup,
  describeWebhookStore,
  type WebhookStoreFixture,
} from './test-describe-webhook-store.js'

async function memory(): Promise<WebhookStoreFixture> {
  return {
    webhooks: createMemoryWebhookStore(),
    insertTask: async () => undefined,
    deleteTask: async () => undefined,
    cleanup: async () => undefined,
  }
}

async function sqlite(): Promise<WebhookStoreFixture> {
  const db = openSqlite(':memory:')
  const store = createSqliteStore(db)
  const queue = createSqliteQueue(db)
  return {
    webhooks: createSqliteWebhookStore(db),
    insertTask: (task) => queue.enqueue(task),
    deleteTask: (id) => store.deleteTask(id),
    cleanup: () => store.close(),
  }
}

async function postgres(): Promise<WebhookStoreFixture> {
  const schema = await createTestSchema()
  const pool = await openPostgres(schema.url, { max: 2 })
  const queue = await createPgBossQueue(pool)
  const store = createPostgresStore(pool)
  return {
    webhooks: createPostgresWebhookStore(pool),
    insertTask: (task) => queue.enqueue(task),
    deleteTask: (id) => store.deleteTask(id),
    async cleanup() {
      await queue.close()
      await store.close()
      await schema.drop()
    },
  }
}

describeWebhookStore('memory', memory)
describeWebhookStore('sqlite', sqlite)
describeAttemptCleanup('sqlite', sqlite)
describe.skipIf(TEST_DATABASE_URL === undefined)('postgres', () => {
  describeWebhookStore('postgres', postgres)
  describeAttemptCleanup('postgres', postgres)
})
