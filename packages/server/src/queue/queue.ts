import type { IdempotencyRecord, TaskRecord } from '../store/store.js'

/** How many times a task is started before a dead worker's lease makes it fail. */
export const MAX_ATTEMPTS = 3

export interface EnqueueOptions {
  /**
   * Claims the create request's `Idempotency-Key` (spec §4) for the task in the transaction that
   * inserts it: a key of the task's project made at or after `since` wins, and the task is then
   * neither inserted nor enqueued; an older record is replaced.
   */
  idempotency?: { key: string; bodyHash: string; since: number }
}

/**
 * What enqueue did: inserted and enqueued the task, or nothing because the key was taken
 * (`existing`), or nothing because another task has the task's id (`idTaken`: ids of spec §1 have
 * 5 random characters a second and do repeat; the caller draws another id).
 */
export type EnqueueResult =
  | { enqueued: true }
  | { enqueued: false; existing: IdempotencyRecord }
  | { enqueued: false; idTaken: true }

/** What a release's `retryAt` leaves to wait: the time, or null when it is not in the future. */
export const pendingRetryAt = (opts: { retryAt?: number }, now: number): number | null =>
  opts.retryAt !== undefined && opts.retryAt > now ? opts.retryAt : null

/**
 * The Queue port: durable jobs for tasks. The embedded driver keeps jobs in the task table itself
 * (a claimed row is leased); the scale-out driver uses pg-boss in the same PostgreSQL database.
 *
 * Semantics borrowed from bullmq: a claim holds a lease that the worker extends by heartbeats;
 * a lease that runs out means the worker died, and the job is put back (at most MAX_ATTEMPTS
 * starts), then failed with a clear error. Highest priority first, then FIFO.
 */
export interface Queue {
  /**
   * Persists a new `queued` task and makes it claimable, atomically, unless its idempotency key
   * is taken (see EnqueueOptions): two processes racing with one key make one task. A task whose
   * id exists already writes nothing, its key included, and answers `idTaken`.
   */
  enqueue(task: TaskRecord, opts?: EnqueueOptions): Promise<EnqueueResult>
  /**
   * Takes the next claimable task: marks it `running`, counts an attempt and sets the lease.
   * Returns null when nothing is waiting.
   */
  claim(workerId: string, leaseMs: number, now: number): Promise<TaskRecord | null>
  /** Extends the lease; false when the worker no longer holds it (lost, cancelled, expired). */
  heartbeat(taskId: string, workerId: string, leaseMs: number, now: number): Promise<boolean>
  /**
   * Puts a running task held by `workerId` back in the queue (a retryable fault or a graceful
   * shutdown). With `refundAttempt` the start it was on does not count: a shutdown interrupted it,
   * not a fault, and a task running through a few rolling restarts must not use up its attempts.
   * With `retryAt` (epoch ms) it is queued but not claimable until `wakeRetries` at or after that
   * time: a backoff, so a passing fault (a full disk, a restarting upstream) does not use up every
   * attempt within seconds. Returns false when the lease was lost meanwhile.
   */
  release(
    taskId: string,
    workerId: string,
    now: number,
    opts?: { refundAttempt?: boolean; retryAt?: number },
  ): Promise<boolean>
  /** Makes the released tasks whose `retryAt` has come claimable again; returns their ids. */
  wakeRetries(now: number): Promise<string[]>
  /**
   * Finds running tasks whose lease has run out: requeues those with attempts left and fails the
   * others with `error`. Returns the ids it touched.
   */
  recoverStalled(now: number): Promise<{ requeued: string[]; failed: string[] }>
  /** Number of tasks waiting to be claimed (for /metrics and benchmarks). */
  depth(): Promise<number>
  close(): Promise<void>
}
