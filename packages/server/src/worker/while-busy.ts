/**
 * Whether a database error means "locked by someone else right now": SQLite's `SQLITE_BUSY` and
 * `SQLITE_LOCKED` families (another process held the write lock past `busy_timeout`) and
 * PostgreSQL's lock-not-available, deadlock and serialization failures. Such a write may succeed
 * when tried again; any other error will not.
 */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  return (
    /^SQLITE_(BUSY|LOCKED)/.test(code) || code === '55P03' || code === '40P01' || code === '40001'
  )
}

/**
 * Runs a database write, trying again with backoff while the database is busy. The worker settles
 * tasks through it: a finished render must not be thrown away, nor an attempt spent, because
 * another process held the database for a few seconds. Conditional writes (lease owner, status)
 * make a repeat harmless. Each SQLite try already waits `busy_timeout` (5 s) before failing.
 */
export async function whileBusy<T>(
  write: () => Promise<T>,
  opts: { tries?: number; delayMs?: number; maxDelayMs?: number } = {},
): Promise<T> {
  const tries = opts.tries ?? 6
  let delay = opts.delayMs ?? 100
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (err) {
      if (!isBusy(err) || attempt >= tries) throw err
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 2000)
    }
  }
}
