import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { BlobStore } from '../blobs/blob-store.js'
import type { Engine } from '../engines/engine.js'
import { internal, isAppError, type AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import { MAX_ATTEMPTS, type Queue } from '../queue/queue.js'
import type { Store, TaskRecord } from '../store/store.js'
import { checkOutput } from './check-output.js'
import { jobOf, usageOf } from './job.js'
import { createProgressReporter } from './progress.js'

export interface WorkerDeps {
  queue: Queue
  store: Store
  blobs: BlobStore
  engines: ReadonlyMap<string, Engine>
  clock: Clock
  /** Identifies this worker's leases; unique per process and loop. */
  workerId: string
  concurrency: number
  leaseMs: number
  heartbeatMs: number
  /** How long an idle loop waits before asking the queue again (a wake-up cuts it short). */
  pollMs?: number
  workdirRoot: string
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
}

const SHUTDOWN = new Error('worker shutting down')

/**
 * Claims tasks and runs them through their engine (architecture "Task life", steps 2-5):
 * heartbeats the lease, reports progress, probes the output, stores it, and settles the task.
 * Faults marked retryable put the task back while attempts remain; anything else fails it.
 */
export function createWorker(deps: WorkerDeps) {
  const { queue, store, blobs, clock } = deps
  const running = new Map<string, AbortController>()
  let stopping = false
  const waiters = new Set<() => void>()
  const loops: Promise<void>[] = []

  function idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, deps.pollMs ?? 500)
      function done() {
        clearTimeout(timer)
        waiters.delete(done)
        resolve()
      }
      waiters.add(done)
    })
  }

  async function loop(index: number): Promise<void> {
    const owner = `${deps.workerId}/${index}`
    while (!stopping) {
      let task: TaskRecord | null = null
      try {
        task = await queue.claim(owner, deps.leaseMs, clock.now())
      } catch (err) {
        deps.log.error({ err }, 'claiming a task failed')
      }
      if (task) await run(task, owner)
      else await idle()
    }
  }

  async function run(task: TaskRecord, owner: string): Promise<void> {
    const abort = new AbortController()
    running.set(task.id, abort)
    const heartbeat = setInterval(() => {
      queue.heartbeat(task.id, owner, deps.leaseMs, clock.now()).then(
        (held) => {
          if (!held)
            abort.abort(new Error('lease lost: the task was cancelled, expired or taken over'))
        },
        (err: unknown) => deps.log.warn({ err, task: task.id }, 'heartbeat failed'),
      )
    }, deps.heartbeatMs)
    const progress = createProgressReporter((value) =>
      store.setProgress(task.id, owner, value, clock.now()),
    )
    let workdir: string | undefined
    try {
      const job = jobOf(task)
      const engine = deps.engines.get(task.engine)
      if (!engine)
        throw internal(`No engine named ${task.engine} runs on this worker`, { retryable: true })
      await mkdir(deps.workdirRoot, { recursive: true })
      workdir = await mkdtemp(join(deps.workdirRoot, `${task.id}-`))
      deps.log.info({ task: task.id, attempt: task.attempts, engine: engine.name }, 'rendering')
      const result = await engine.generate(job, {
        signal: abort.signal,
        workdir,
        onProgress: progress.report,
      })
      await checkOutput(result.videoPath, job, abort.signal)
      const videoKey = `tasks/${task.id}/video.mp4`
      await blobs.putFile(videoKey, result.videoPath, 'video/mp4')
      let lastFrameKey: string | null = null
      if (job.returnLastFrame && result.lastFramePath) {
        lastFrameKey = `tasks/${task.id}/last-frame.png`
        await blobs.putFile(lastFrameKey, result.lastFramePath, 'image/png')
      }
      await progress.flush()
      const now = clock.now()
      if (!(await queue.heartbeat(task.id, owner, deps.leaseMs, now)))
        throw new Error('lease lost before settling')
      await store.updateTask(task.id, ['running'], {
        status: 'succeeded',
        progress: 100,
        usage: usageOf(job),
        outputs: {
          videoKey,
          lastFrameKey,
          ratio: job.ratio,
          width: job.width,
          height: job.height,
          duration: job.duration,
        },
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: now,
      })
      deps.log.info({ task: task.id }, 'succeeded')
    } catch (err) {
      await settleFailure(task, owner, abort.signal, err)
    } finally {
      clearInterval(heartbeat)
      running.delete(task.id)
      if (workdir) await rm(workdir, { recursive: true, force: true })
    }
  }

  async function settleFailure(task: TaskRecord, owner: string, signal: AbortSignal, err: unknown) {
    const now = clock.now()
    if (signal.aborted) {
      if (signal.reason === SHUTDOWN) await queue.release(task.id, owner, now)
      // Otherwise someone else settled the task (cancel, expiry, another worker): nothing to do.
      deps.log.info({ task: task.id, reason: String(signal.reason) }, 'stopped')
      return
    }
    const error: AppError = isAppError(err)
      ? err
      : internal('The engine failed while rendering; the server log has the details', {
          retryable: true,
          cause: err,
        })
    deps.log.error({ err, task: task.id, attempt: task.attempts }, 'render failed')
    if (
      error.retryable &&
      task.attempts < MAX_ATTEMPTS &&
      (await queue.release(task.id, owner, now))
    )
      return
    await store.updateTask(task.id, ['running'], {
      status: 'failed',
      error: { code: error.code, message: error.message },
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: now,
    })
  }

  return {
    start(): void {
      for (let i = 0; i < deps.concurrency; i++) loops.push(loop(i))
    },
    /** Cuts an idle wait short (called after an in-process enqueue). */
    wake(): void {
      for (const waiter of waiters) waiter()
    },
    /** Stops claiming, hands running tasks back to the queue, and waits for the loops to end. */
    async stop(): Promise<void> {
      stopping = true
      for (const abort of running.values()) abort.abort(SHUTDOWN)
      for (const waiter of waiters) waiter()
      await Promise.all(loops)
    },
  }
}

export type Worker = ReturnType<typeof createWorker>
