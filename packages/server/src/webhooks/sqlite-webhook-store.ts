import type { SqliteDatabase } from '../store/sqlite.js'
import type { TaskStatus } from '../store/store.js'
import type { CallbackAttempt, WebhookStore } from './webhook-store.js'

interface AttemptRow {
  task_id: string
  message_id: string
  event: string
  attempt: number
  url: string
  http_status: number | null
  error: string | null
  at: number
  duration_ms: number
}

/**
 * The WebhookStore on the embedded database (tables of migration 2 in store/migrations/sqlite.ts).
 * Attempts reference their task and go when it is deleted.
 */
export function createSqliteWebhookStore(db: SqliteDatabase): WebhookStore {
  const insertSecret = db.prepare<[string, string, number]>(
    `INSERT INTO webhook_secrets (project_id, secret, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (project_id) DO NOTHING`,
  )
  const upsertSecret = db.prepare<[string, string, number]>(
    `INSERT INTO webhook_secrets (project_id, secret, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (project_id) DO UPDATE SET secret = excluded.secret, updated_at = excluded.updated_at`,
  )
  const getSecret = db
    .prepare<[string], string>('SELECT secret FROM webhook_secrets WHERE project_id = ?')
    .pluck()
  const insertAttempt = db.prepare<AttemptRow>(
    `INSERT INTO callback_attempts
       (task_id, message_id, event, attempt, url, http_status, error, at, duration_ms)
     VALUES (@task_id, @message_id, @event, @attempt, @url, @http_status, @error, @at, @duration_ms)`,
  )
  const listAttempts = db.prepare<[string], AttemptRow>(
    'SELECT * FROM callback_attempts WHERE task_id = ? ORDER BY seq',
  )
  return {
    async ensureSecret(projectId, candidate, now) {
      insertSecret.run(projectId, candidate, now)
      return getSecret.get(projectId)!
    },
    async setSecret(projectId, secret, now) {
      upsertSecret.run(projectId, secret, now)
    },
    async recordAttempt(a) {
      insertAttempt.run({
        task_id: a.taskId,
        message_id: a.messageId,
        event: a.event,
        attempt: a.attempt,
        url: a.url,
        http_status: a.httpStatus,
        error: a.error,
        at: a.at,
        duration_ms: a.durationMs,
      })
    },
    async listAttempts(taskId) {
      return listAttempts.all(taskId).map((r): CallbackAttempt => ({
        taskId: r.task_id,
        messageId: r.message_id,
        event: r.event as TaskStatus,
        attempt: r.attempt,
        url: r.url,
        httpStatus: r.http_status,
        error: r.error,
        at: r.at,
        durationMs: r.duration_ms,
      }))
    },
  }
}
