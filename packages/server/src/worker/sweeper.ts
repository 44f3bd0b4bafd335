import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../lib/clock.js'
import type { Queue } from '../queue/queue.js'
import { IDEMPOTENCY_WINDOW_MS, type Store, type TaskRecord } from '../store/store.js'

/**
 * Housekeeping every process may run (conditional updates make it safe to run in many):
 * tasks past `execution_expires_after` become `expired`, idempotency keys past their 24 h go,
 * tasks of dead workers (lease run out) go back to the queue or fail after their last attempt,
 * and tasks whose retry backoff is over become claimable again.
 */
export function createSweeper(deps: {
  store: Store
  queue: Queue
  clock: Clock
  intervalMs: number
  log: Pick<FastifyBaseLogger, 'info' | 'error'>
  /** Called with the task after each status change made here (callbacks, spec §2.5). */
  onStatusChange?: (task: TaskRecord) => void
}) {
  const { store, queue, clock } = deps

  async function sweep(): Promise<void> {
    const now = clock.now()
    for (const task of await store.findExpired(now, 100)) {
      const expired = await store.updateTask(task.id, ['queued', 'running'], {
        status: 'expired',
        error: {
          code: 'TaskExpired',
          message: `The task did not finish within execution_expires_after (${task.params.executionExpiresAfter} s)`,
        },
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: now,
      })
      if (expired) {
        deps.log.info({ task: task.id }, 'expired')
        deps.onStatusChange?.(expired)
      }
    }
    await store.deleteIdempotencyKeys(now - IDEMPOTENCY_WINDOW_MS)
    const woken = await queue.wakeRetries(now)
    if (woken.length > 0) deps.log.info({ tasks: woken }, 'retrying after backoff')
    const stalled = await queue.recoverStalled(now)
    if (stalled.requeued.length + stalled.failed.length > 0) {
      deps.log.info(stalled, 'recovered stalled tasks')
      if (deps.onStatusChange) {
        for (const id of [...stalled.requeued, ...stalled.failed]) {
          const task = await store.getTask(id)
          if (task) deps.onStatusChange(task)
        }
      }
    }
  }

  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()
  return {
    sweep,
    start(): void {
      timer = setInterval(() => {
        current = current
          .then(sweep)
          .catch((err: unknown) => deps.log.error({ err }, 'sweep failed'))
      }, deps.intervalMs)
    },
    async stop(): Promise<void> {
      clearInterval(timer)
      await current
    },
  }
}
