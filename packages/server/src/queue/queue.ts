import type { TaskRecord } from '../store/store.js'

/** How many times a task is started before a dead worker's lease makes it fail. */
export const MAX_ATTEMPTS = 3

/**
 * The Queue port: durable jobs for tasks. The embedded driver keeps jobs in the task table itself
 * (a claimed row is leased); the scale-out driver uses pg-boss in the same PostgreSQL database.
 *
 * Semantics borrowed from bullmq: a claim holds a lease that the worker extends by heartbeats;
 * a lease that runs out means the worker died, and the job is put back (at most MAX_ATTEMPTS
 * starts), then failed with a clear error. Highest priority first, then FIFO.
 */
export interface Queue {
  /** Persists a new `queued` task and makes it claimable, atomically. */
  enqueue(task: TaskRecord): Promise<void>
  /**
   * Takes the next claimable task: marks it `running`, counts an attempt and sets the lease.
   * Returns null when nothing is waiting.
   */
  claim(workerId: string, leaseMs: number, now: number): Promise<TaskRecord | null>
  /** Extends the lease; false when the worker no longer holds it (lost, cancelled, expired). */
  heartbeat(taskId: string, workerId: string, leaseMs: number, now: number): Promise<boolean>
  /**
   * Puts a running task held by `workerId` back in the queue (a retryable fault or a graceful
   * shutdown). Returns false when the lease was lost meanwhile.
   */
  release(taskId: string, workerId: string, now: number): Promise<boolean>
  /**
   * Finds running tasks whose lease has run out: requeues those with attempts left and fails the
   * others with `error`. Returns the ids it touched.
   */
  recoverStalled(now: number): Promise<{ requeued: string[]; failed: string[] }>
  /** Number of tasks waiting to be claimed (for /metrics and benchmarks). */
  depth(): Promise<number>
  close(): Promise<void>
}
