// The connections of the pg-boss Queue: its transactions, its install lock and pg-boss's executors.
import type pg from 'pg'
import type PgBoss from 'pg-boss'

/**
 * Runs `work` while holding a session advisory lock on a connection of its own. pg-boss installs
 * its schema under a lock of its own, but in the same transaction, whose view of the catalog can
 * predate the lock wait: processes starting together on a new database then fail with a duplicate
 * key on pg_namespace. Waiting here instead, `work` starts afterwards and finds pg-boss installed.
 */
export async function whileLocked(
  pool: pg.Pool,
  name: string,
  work: () => Promise<void>,
): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name])
    await work()
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name])
    client.release()
  } catch (err) {
    // Dropping the connection also releases the lock.
    client.release(err as Error)
    throw err
  }
}

/** Runs `work` in a transaction; on any failure the connection is dropped, which rolls it back. */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (err) {
    client.release(err as Error)
    throw err
  }
}

/** pg-boss's executor inside one of our transactions. */
export const clientDb = (client: pg.PoolClient): PgBoss.Db => ({
  executeSql: (text, values) => client.query(text, values),
})

/**
 * pg-boss's executor for its own work (install, maintenance). Some of its commands are scripts
 * with BEGIN ... COMMIT; a connection whose script failed is dropped rather than returned to the
 * pool inside a failed transaction.
 */
export const poolDb = (pool: pg.Pool): PgBoss.Db => ({
  async executeSql(text, values) {
    const client = await pool.connect()
    try {
      const result = await client.query(text, values)
      client.release()
      return result
    } catch (err) {
      client.release(err as Error)
      throw err
    }
  },
})
