import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { BlobStore } from '../blobs/blob-store.js'
import type { Engine } from '../engines/engine.js'
import { internal } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import { observeRender } from '../lib/render-metrics.js'
import type { SafeFetchOptions } from '../media/safe-fetch.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import { MAX_ATTEMPTS, type Queue } from '../queue/queue.js'
import type { SearchProvider } from '../search/search-provider.js'
import type { Store, TaskRecord } from '../store/store.js'
import { applyWebSearch } from './apply-web-search.js'
import { checkOutput } from './check-output.js'
import { jobOf, usageOf } from './job.js'
import { resolveInputs } from './resolve-inputs.js'
import { removeEarlierAttempts, removeStaleScratch } from './stale-scratch.js'
import { createProgressReporter } from './progress.js'
import { taskFault } from './task-fault.js'
import { whileBusy } from './while-busy.js'

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
  /**
   * Backoff before a task that failed with a retryable fault is tried again: this long after
   * its first attempt, twice as long after its second (`KINORA_RETRY_DELAY_MS`); 0 retries at
   * once.
   */
  retryDelayMs: number
  /** How long an idle loop waits before asking the queue again (a wake-up cuts it short). */
  pollMs?: number
  workdirRoot: string
  /** `KINORA_ALLOW_PRIVATE_URLS`: media URLs may point at private addresses. */
  allowPrivateUrls: boolean
  /**
   * Replaces name resolution and the address policy of media fetches: tests let a loopback
   * server stand in for a public host and prove that every other address is still refused.
   */
  fetch?: Pick<SafeFetchOptions, 'isAllowedAddress' | 'lookup'>
  /** The web_search tool's provider (`KINORA_SEARCH_URL`), when configured. */
  search?: SearchProvider
  /** Spec §2.7: fetched input images and the finished output are checked. */
  moderation?: ModerationPolicy
  /** Called with the task after each status change made here (callbacks, spec §2.5). */
  onStatusChange?: (task: TaskRecord) => void
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
  const changed = (row: TaskRecord | null) => {
    if (row) deps.onStatusChange?.(row)
  }
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
      const claimed = task
      if (claimed) {
        // Settling hit a database fault that outlasted its retries: the task keeps its lease,
        // which runs out, and the sweeper hands it back to the queue. The loop lives on.
        await run(claimed, owner).catch((err: unknown) =>
          deps.log.error({ err, task: claimed.id }, 'could not settle the task'),
        )
      } else await idle()
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
    /** Output blobs this attempt wrote (or began to): a failed attempt removes them. */
    const stored: string[] = []
    changed(task)
    try {
      const engine = deps.engines.get(task.engine)
      if (!engine)
        throw internal(`No engine named ${task.engine} runs on this worker`, { retryable: true })
      await mkdir(deps.workdirRoot, { recursive: true })
      if (task.attempts > 1) await removeEarlierAttempts(deps.workdirRoot, task.id)
      workdir = await mkdtemp(join(deps.workdirRoot, `${task.id}-`))
      const inputs = await resolveInputs(task.params.media, workdir, {
        blobs,
        allowPrivateUrls: deps.allowPrivateUrls,
        signal: abort.signal,
        ...(deps.moderation ? { moderation: deps.moderation } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      })
      let job = jobOf(task, inputs)
      if (job.ratio !== task.params.ratio || job.duration !== task.params.duration) {
        // What `adaptive` and -1 became is visible on the task from now on (spec §2.5).
        const params = { ...task.params, ratio: job.ratio, duration: job.duration }
        await whileBusy(() =>
          store.updateTask(task.id, ['running'], { params, updatedAt: clock.now() }),
        )
      }
      const web = engine.handlesTools
        ? null
        : await applyWebSearch(task, job, { ...deps, signal: abort.signal })
      if (web) job = web.job
      deps.log.info({ task: task.id, attempt: task.attempts, engine: engine.name }, 'rendering')
      const result = await engine.generate(job, {
        signal: abort.signal,
        workdir,
        onProgress: progress.report,
      })
      await checkOutput(result.videoPath, job, abort.signal)
      await deps.moderation?.checkOutput(
        {
          prompt: job.prompt,
          ...(job.caption === undefined ? {} : { caption: job.caption }),
          videoPath: result.videoPath,
          duration: job.duration,
        },
        abort.signal,
      )
      const videoKey = `tasks/${task.id}/video.mp4`
      stored.push(videoKey)
      await blobs.putFile(videoKey, result.videoPath, 'video/mp4')
      let lastFrameKey: string | null = null
      if (job.returnLastFrame && result.lastFramePath) {
        lastFrameKey = `tasks/${task.id}/last-frame.png`
        stored.push(lastFrameKey)
        await blobs.putFile(lastFrameKey, result.lastFramePath, 'image/png')
      }
      await progress.flush()
      const now = clock.now()
      if (!(await whileBusy(() => queue.heartbeat(task.id, owner, deps.leaseMs, now))))
        throw new Error('lease lost before settling')
      const usage = result.usage ?? usageOf(job)
      if (web) usage.toolUsage = { web_search: web.searches }
      const succeeded = await whileBusy(() =>
        store.updateTask(task.id, ['running'], {
          status: 'succeeded',
          progress: 100,
          usage,
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
        }),
      )
      changed(succeeded)
      if (succeeded) observeRender(task.engine, (now - task.updatedAt) / 1000)
      deps.log.info({ task: task.id }, 'succeeded')
    } catch (err) {
      await settleFailure(task, owner, abort.signal, err, stored)
    } finally {
      clearInterval(heartbeat)
      running.delete(task.id)
      if (workdir) await rm(workdir, { recursive: true, force: true })
    }
  }

  async function settleFailure(
    task: TaskRecord,
    owner: string,
    signal: AbortSignal,
    err: unknown,
    stored: readonly string[],
  ) {
    const now = clock.now()
    if (signal.aborted) {
      // The shutdown interrupted this start; it is no fault of the task's (Queue.release).
      const handBack = () => queue.release(task.id, owner, now, { refundAttempt: true })
      if (signal.reason === SHUTDOWN && (await whileBusy(handBack)))
        changed(await store.getTask(task.id))
      // Otherwise someone else settled the task (cancel, expiry, another worker): nothing to do.
      deps.log.info({ task: task.id, reason: String(signal.reason) }, 'stopped')
      return
    }
    const error = taskFault(err, deps.workdirRoot)
    deps.log.error({ err, task: task.id, attempt: task.attempts }, 'render failed')
    // Only the lease holder settles: a worker that stalled past its lease while another took the
    // task over must neither fail that task nor delete the files it writes. Renewing the lease
    // also keeps anyone from taking the task between this check and the writes below.
    if (!(await whileBusy(() => queue.heartbeat(task.id, owner, deps.leaseMs, now)))) {
      deps.log.info({ task: task.id }, 'lease lost before settling the failure: left to its owner')
      return
    }
    // No partial output outlives a failed attempt (a full disk can strike between two files).
    for (const key of stored) {
      await blobs
        .delete(key)
        .catch((e: unknown) => deps.log.warn({ err: e, task: task.id, key }, 'cleanup failed'))
    }
    const retryAt = now + deps.retryDelayMs * 2 ** (task.attempts - 1)
    if (
      error.retryable &&
      task.attempts < MAX_ATTEMPTS &&
      (await whileBusy(() => queue.release(task.id, owner, now, { retryAt })))
    )
      return changed(await store.getTask(task.id))
    const failed = await whileBusy(() =>
      store.updateTask(task.id, ['running'], {
        status: 'failed',
        // Output moderation refuses a finished render: the task failed at 100 % (spec §2.5).
        ...(error.code === 'OutputVideoSensitiveContentDetected' ? { progress: 100 } : {}),
        error: { code: error.code, message: error.message },
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: now,
      }),
    )
    changed(failed)
  }

  return {
    start(): void {
      // What workers killed on this machine left behind (safe beside live ones: see the function).
      removeStaleScratch(deps.workdirRoot, store).catch((err: unknown) =>
        deps.log.warn({ err }, 'removing stale scratch folders failed'),
      )
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
