import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * The PostgreSQL server the tests may use (`KINORA_TEST_DATABASE_URL`, e.g.
 * `postgres://postgres@127.0.0.1:5432/test`); PostgreSQL tests are skipped where it is unset.
 */
export const TEST_DATABASE_URL = process.env.KINORA_TEST_DATABASE_URL

/** A fresh, empty schema on the test server and a URL whose connections use it. */
export interface TestSchema {
  /** `TEST_DATABASE_URL` with `options=-c search_path=<schema>`. */
  url: string
  schema: string
  /** Drops the schema and pg-boss's `<schema>_pgboss`, with everything in them. */
  drop(): Promise<void>
}

export async function createTestSchema(): Promise<TestSchema> {
  if (TEST_DATABASE_URL === undefined) throw new Error('KINORA_TEST_DATABASE_URL is not set')
  const schema = `kinora_test_${randomBytes(6).toString('hex')}`
  await admin(`CREATE SCHEMA ${schema}`)
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: url.href,
    schema,
    drop: () =>
      admin(
        `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`,
      ),
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
