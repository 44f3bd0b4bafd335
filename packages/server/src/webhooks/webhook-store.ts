import type { TaskStatus } from '../store/store.js'

/** One POST of a callback (spec §2.5), as recorded and shown at `…/tasks/{id}/callbacks`. */
export interface CallbackAttempt {
  taskId: string
  /** `webhook-id`: the same on every retry of one message. */
  messageId: string
  /** The task status the message reports. */
  event: TaskStatus
  /** 1 for the first try of a message, then 2, 3, 4 for its retries. */
  attempt: number
  url: string
  /** The receiver's HTTP status, or null when no answer came. */
  httpStatus: number | null
  /** Why the attempt failed; null when the receiver answered 2xx. */
  error: string | null
  /** Epoch ms when the attempt started. */
  at: number
  durationMs: number
}

/**
 * Storage for callbacks: each project's signing secret and the record of delivery attempts.
 * Drivers: memory (tests), SQLite and PostgreSQL beside the task store (their own tables).
 */
export interface WebhookStore {
  /** The project's secret; `candidate` becomes it when the project has none (first one wins). */
  ensureSecret(projectId: string, candidate: string, now: number): Promise<string>
  /** Replaces the project's secret (rotation). */
  setSecret(projectId: string, secret: string, now: number): Promise<void>
  recordAttempt(attempt: CallbackAttempt): Promise<void>
  /** A task's attempts in the order they were made. */
  listAttempts(taskId: string): Promise<CallbackAttempt[]>
}
