import type { Clock } from '../lib/clock.js'
import { TERMINAL_STATUSES, type TaskRecord } from '../store/store.js'
import { deliverCallback, type DeliveryOptions } from './deliver-callback.js'
import { newWebhookSecret } from './webhook-secret.js'
import type { WebhookStore } from './webhook-store.js'

/** Spec §2.5: a terminal state is retried 3 times; waits before each retry (jitter added). */
export const RETRY_DELAYS_MS: readonly number[] = [2_000, 10_000, 30_000]

export interface CallbackDispatcherDeps {
  store: WebhookStore
  /** The task as its wire object (`toWire`): the body of every POST. */
  wire(task: TaskRecord): Promise<unknown>
  clock: Clock
  allowPrivate: boolean
  retryDelaysMs?: readonly number[]
  timeoutMs?: number
  fetch?: DeliveryOptions['fetch']
  log: { warn(obj: object, msg: string): void }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })

/**
 * Callbacks of spec §2.5: `notify(task)` after every status change POSTs the task object to its
 * `callback_url`, signed with the project's webhook secret (created on first use). Messages of one
 * task go out in the order of `notify` calls, each after the previous one settles, so a receiver
 * sees queued → running → succeeded in order. Terminal states are retried with backoff until a
 * 2xx; other states get one try. Every attempt is recorded. Retries live in this process:
 * `close()` drops those still waiting (the attempts made so far stay recorded).
 */
export function createCallbackDispatcher(deps: CallbackDispatcherDeps) {
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  const stop = new AbortController()
  const chains = new Map<string, Promise<void>>()

  async function send(task: TaskRecord): Promise<void> {
    const url = task.params.callbackUrl
    if (url === null) return
    const now = deps.clock.now()
    const secret = await deps.store.ensureSecret(task.projectId, newWebhookSecret(), now)
    const body = JSON.stringify(await deps.wire(task))
    // Deterministic, so a message sent again after a restart keeps its id; no dots (spec).
    const id = `msg_${task.id}_${task.status}_${task.attempts}`
    const tries = TERMINAL_STATUSES.includes(task.status) ? 1 + delays.length : 1
    for (let attempt = 1; attempt <= tries; attempt++) {
      const at = deps.clock.now()
      const message = { id, timestamp: Math.floor(at / 1000), body }
      const result = await deliverCallback(url, secret, message, {
        allowPrivate: deps.allowPrivate,
        signal: stop.signal,
        ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      })
      await deps.store.recordAttempt({
        taskId: task.id,
        messageId: id,
        event: task.status,
        attempt,
        url,
        httpStatus: result.httpStatus,
        error: result.error,
        at,
        durationMs: result.durationMs,
      })
      if (result.ok || attempt === tries || stop.signal.aborted) return
      const wait = delays[attempt - 1]!
      await sleep(wait * (0.8 + Math.random() * 0.4), stop.signal)
    }
  }

  async function idle(): Promise<void> {
    while (chains.size > 0) await Promise.all(chains.values())
  }

  return {
    /** Queues the callback of the task's current status; returns at once. */
    notify(task: TaskRecord): void {
      if (task.params.callbackUrl === null || stop.signal.aborted) return
      const previous = chains.get(task.id) ?? Promise.resolve()
      const next = previous
        .then(() => send(task))
        .catch((err: unknown) => {
          if (!stop.signal.aborted) deps.log.warn({ err, task: task.id }, 'callback failed')
        })
      chains.set(task.id, next)
      void next.then(() => {
        if (chains.get(task.id) === next) chains.delete(task.id)
      })
    },
    /** Resolves when every queued callback has been delivered or given up (tests, shutdown). */
    idle,
    /** Stops retries and in-flight requests, then waits for the chains to end. */
    async close(): Promise<void> {
      stop.abort(new Error('callback dispatcher closed'))
      await idle()
    },
  }
}

export type CallbackDispatcher = ReturnType<typeof createCallbackDispatcher>
