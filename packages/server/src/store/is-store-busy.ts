/**
 * SQLite's busy and locked codes (extended ones too, such as SQLITE_BUSY_SNAPSHOT), as
 * better-sqlite3 reports them.
 */
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)(_|$)/

/** PostgreSQL's lock_not_available, serialization_failure and deadlock_detected. */
const POSTGRES_BUSY = new Set(['55P03', '40001', '40P01'])

/**
 * Whether a store driver's error means the database is busy rather than broken: a SQLite file
 * whose write lock another process held past the busy timeout, or a PostgreSQL lock timeout,
 * serialization failure or deadlock. The same request may succeed when tried again, so the API
 * answers it with 503 `ServiceUnavailable` and `Retry-After` (http/error-handler.ts), not 500.
 */
export function isStoreBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (!(err instanceof Error) || typeof code !== 'string') return false
  return SQLITE_BUSY.test(code) || POSTGRES_BUSY.has(code)
}
