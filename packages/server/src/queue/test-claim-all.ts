import { openSqlite } from '../store/sqlite.js'
import { createSqliteQueue } from './sqlite.js'

/**
 * Claims every waiting task through its own connection to the database at `path` and returns
 * their ids in claim order, calling `afterFirst` after the first claim. Run in worker threads by
 * sqlite.test.ts, as separate worker processes would run it, to show that concurrent claims never
 * share a task.
 */
export async function claimAll(
  path: string,
  workerId: string,
  now: number,
  afterFirst: () => void,
): Promise<string[]> {
  const db = openSqlite(path)
  try {
    const queue = createSqliteQueue(db)
    const ids: string[] = []
    let task = await queue.claim(workerId, 30_000, now)
    afterFirst()
    while (task) {
      ids.push(task.id)
      task = await queue.claim(workerId, 30_000, now)
    }
    return ids
  } finally {
    db.close()
  }
}
