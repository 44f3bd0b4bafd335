import type { RequestOptions } from './client.js'
import { WaitTimeoutError } from './errors.js'
import { sleep } from './sleep.js'
import type { Task, TaskStatus } from './types.js'

/** How `tasks.wait` polls. */
export interface WaitOptions {
  /** Called with the first task seen and then whenever its status or progress changes. */
  onProgress?: (task: Task) => void
  /** Stops polling with `APIUserAbortError`. */
  signal?: AbortSignal
  /** Milliseconds between polls. Default 1000. */
  pollInterval?: number
  /** Milliseconds to wait at most before throwing {@link WaitTimeoutError}. Default: no limit. */
  timeout?: number
}

const FINAL: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled', 'expired'])

/**
 * Polls `get` until the task reaches a final status (spec §2.5) and returns it. A `failed`,
 * `cancelled` or `expired` task is returned, not thrown: callers read `status` and `error`.
 */
export async function waitForTask(
  get: (id: string, options: RequestOptions) => Promise<Task>,
  id: string,
  options: WaitOptions = {},
): Promise<Task> {
  const { onProgress, signal, pollInterval = 1000, timeout } = options
  const deadline = timeout === undefined ? Infinity : Date.now() + timeout
  let last: Task | undefined
  for (;;) {
    const task = await get(id, { signal })
    if (last?.status !== task.status || last.progress !== task.progress) onProgress?.(task)
    last = task
    if (FINAL.has(task.status)) return task
    const left = deadline - Date.now()
    if (left <= 0) throw new WaitTimeoutError(task, timeout ?? 0)
    await sleep(Math.min(pollInterval, left), signal)
  }
}
