import type pg from 'pg'
import type { CallbackAttempt, WebhookStore } from './webhook-store.js'

/**
 * The WebhookStore on PostgreSQL (tables of migration 2 in store/migrations/postgres.ts), on the
 * pool the task store opened. Attempts reference their task and go when it is deleted.
 */
export function createPostgresWebhookStore(pool: pg.Pool): WebhookStore {
  return {
    async ensureSecret(projectId, candidate, now) {
      await pool.query(
        `INSERT INTO webhook_secrets (project_id, secret, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (project_id) DO NOTHING`,
        [projectId, candidate, now],
      )
      const { rows } = await pool.query<{ secret: string }>(
        'SELECT secret FROM webhook_secrets WHERE project_id = $1',
        [projectId],
      )
      return rows[0]!.secret
    },
    async setSecret(projectId, secret, now) {
      await pool.query(
        `INSERT INTO webhook_secrets (project_id, secret, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (project_id) DO UPDATE SET secret = excluded.secret, updated_at = excluded.updated_at`,
        [projectId, secret, now],
      )
    },
    async recordAttempt(a) {
      await pool.query(
        `INSERT INTO callback_attempts
           (task_id, message_id, event, attempt, url, http_status, error, at, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          a.taskId,
          a.messageId,
          a.event,
          a.attempt,
          a.url,
          a.httpStatus,
          a.error,
          a.at,
          a.durationMs,
        ],
      )
    },
    async listAttempts(taskId) {
      const { rows } = await pool.query<CallbackAttempt>(
        `SELECT task_id AS "taskId", message_id AS "messageId", event, attempt, url,
                http_status AS "httpStatus", error, at, duration_ms AS "durationMs"
         FROM callback_attempts WHERE task_id = $1 ORDER BY seq`,
        [taskId],
      )
      return rows
    },
  }
}
