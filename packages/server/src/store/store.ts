import type { WebSearchOutput } from '../search/run-web-search.js'
import type { MediaRef, Mode } from '../tasks/modes.js'
import type { FixedRatio, Ratio, Resolution } from '../tasks/sizes.js'

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired'

/** Every status, in the order of a task's life. */
export const TASK_STATUSES: readonly TaskStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
]

export const TERMINAL_STATUSES: readonly TaskStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'expired',
]

/** The create request after validation and defaults, stored as the task's input (camelCase). */
export interface TaskParams {
  mode: Mode
  /** The prompt with suffix commands stripped. */
  prompt: string
  /** Input media in content order, as requested (URLs are resolved when the task starts). */
  media: MediaRef[]
  resolution: Resolution
  /** As requested; `adaptive` is resolved when the task starts. */
  ratio: Ratio
  /** As requested; -1 lets the engine pick. */
  duration: number
  generateAudio: boolean
  watermark: boolean
  returnLastFrame: boolean
  /** The seed used: a requested -1 is replaced by a random seed at create time. */
  seed: number
  tools: { type: 'web_search' }[]
  /** What the tools did, recorded by the worker before rendering (wire `tool_outputs`). */
  toolOutputs?: WebSearchOutput[]
  callbackUrl: string | null
  executionExpiresAfter: number
  safetyIdentifier: string | null
  omniReferenceTaskType: 'reference' | 'edit' | 'extend' | null
}

export interface TaskError {
  code: string
  message: string
}

export interface TaskUsage {
  completionTokens: number
  totalTokens: number
  toolUsage?: Record<string, number>
}

export interface TaskOutputs {
  videoKey: string
  lastFrameKey: string | null
  /** The ratio, size and duration actually rendered. */
  ratio: FixedRatio
  width: number
  height: number
  duration: number
}

export interface TaskRecord {
  id: string
  projectId: string
  model: string
  engine: string
  status: TaskStatus
  /** 0..100, never decreasing while running. */
  progress: number
  priority: number
  params: TaskParams
  error: TaskError | null
  usage: TaskUsage | null
  outputs: TaskOutputs | null
  /** Attempts started so far (a claim counts one). */
  attempts: number
  leaseOwner: string | null
  /** Epoch ms; a running task whose lease passed belongs to a dead worker. */
  leaseExpiresAt: number | null
  /** Epoch ms. */
  createdAt: number
  updatedAt: number
  /** createdAt + executionExpiresAfter; past it a queued or running task becomes `expired`. */
  expiresAt: number
}

export interface TaskListQuery {
  projectId: string
  status?: TaskStatus
  taskIds?: string[]
  model?: string
  /** 1-based. */
  pageNum: number
  pageSize: number
}

/** Spec §4: how long an `Idempotency-Key` answers with the task it first made. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000

/** A create request's `Idempotency-Key` and the task it made (spec §4). Keys are per project. */
export interface IdempotencyRecord {
  projectId: string
  key: string
  /** sha256 (hex) of the canonical JSON of the parsed request body. */
  bodyHash: string
  taskId: string
  /** Epoch ms; the record counts for IDEMPOTENCY_WINDOW_MS from then. */
  createdAt: number
}

export interface ApiKeyRecord {
  id: string
  projectId: string
  /** sha256 of the secret, hex. */
  hash: string
  createdAt: number
}

/**
 * The Store port: tasks, projects and API keys. Drivers: SQLite (embedded), PostgreSQL (scale-out).
 * Every method is asynchronous so drivers over a network fit the same shape.
 *
 * Conditional updates (`where` status lists) are how state rules stay race-free across processes:
 * they return the updated row, or null when the task was not in one of the allowed states.
 */
export interface Store {
  getTask(id: string): Promise<TaskRecord | null>
  listTasks(query: TaskListQuery): Promise<{ total: number; items: TaskRecord[] }>
  /** Applies `patch` only when the task's status is in `from`; returns the new row or null. */
  updateTask(
    id: string,
    from: readonly TaskStatus[],
    patch: Partial<Omit<TaskRecord, 'id' | 'projectId' | 'createdAt'>>,
  ): Promise<TaskRecord | null>
  /** Raises progress (never lowers it) of a running task held by `leaseOwner`. */
  setProgress(id: string, leaseOwner: string, progress: number, now: number): Promise<void>
  deleteTask(id: string): Promise<void>
  /** Queued or running tasks whose `expiresAt` has passed. */
  findExpired(now: number, limit: number): Promise<TaskRecord[]>
  /**
   * How many of a project's tasks are in `status`, counting no further than `limit` when given:
   * the quota check of spec §4 needs only to know whether the count reached the quota, and a
   * bounded count reads at most that many index entries however many tasks wait.
   */
  countTasks(projectId: string, status: TaskStatus, limit?: number): Promise<number>
  /** Tasks of all projects by status, every status present (for /metrics). */
  countTasksByStatus(): Promise<Record<TaskStatus, number>>

  /**
   * The record of `key` in `projectId` made at or after `since` (epoch ms), or null: older records
   * no longer count. Records are written by `Queue.enqueue`, in the task's transaction.
   */
  findIdempotencyKey(
    projectId: string,
    key: string,
    since: number,
  ): Promise<IdempotencyRecord | null>
  /** Forgets the records made before `before` (epoch ms); returns how many went. */
  deleteIdempotencyKeys(before: number): Promise<number>

  createApiKey(key: ApiKeyRecord): Promise<void>
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null>
  countApiKeys(): Promise<number>

  /** True when the store answers (for /readyz). */
  ping(): Promise<boolean>
  close(): Promise<void>
}
