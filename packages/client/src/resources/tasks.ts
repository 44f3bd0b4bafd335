import type { Kinora, RequestOptions } from '../client.js'
import type {
  CreateTaskParams,
  CreateTaskResponse,
  ListTasksParams,
  Task,
  TaskList,
} from '../types.js'
import { type WaitOptions, waitForTask } from '../wait.js'

const PATH = '/contents/generations/tasks'

/** Options of `tasks.create`. */
export interface CreateTaskOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key`: a repeat of the same body within 24 h returns the first task (spec
   * §4). Default: a fresh key per call, so the client's own retries never create a task twice.
   */
  idempotencyKey?: string
}

/** Options of `tasks.delete`. */
export interface DeleteTaskOptions extends RequestOptions {
  /** Also stop a running task and mark it `cancelled` (ext). */
  force?: boolean
}

/** The query string of spec §2's list: one `filter.task_ids` per id. */
function listQuery(params: ListTasksParams): URLSearchParams {
  const query = new URLSearchParams()
  if (params.page_num !== undefined) query.set('page_num', String(params.page_num))
  if (params.page_size !== undefined) query.set('page_size', String(params.page_size))
  if (params.status !== undefined) query.set('filter.status', params.status)
  for (const id of params.task_ids ?? []) query.append('filter.task_ids', id)
  if (params.model !== undefined) query.set('filter.model', params.model)
  return query
}

function newIdempotencyKey(): string {
  // getRandomValues, not randomUUID, which browsers offer only on https pages.
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `kinora-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** The task endpoints of spec §2 under `/api/v3/contents/generations/tasks`. */
export class Tasks {
  constructor(private readonly client: Kinora) {}

  /** Queues a generation; resolves to its id once the server has stored it. */
  create(params: CreateTaskParams, options: CreateTaskOptions = {}): Promise<CreateTaskResponse> {
    const { idempotencyKey = newIdempotencyKey(), ...rest } = options
    return this.client.request({
      method: 'POST',
      path: PATH,
      body: params,
      headers: { 'idempotency-key': idempotencyKey },
      ...rest,
    })
  }

  /** The task now; each call signs fresh download URLs. */
  get(id: string, options: RequestOptions = {}): Promise<Task> {
    return this.client.request({
      method: 'GET',
      path: `${PATH}/${encodeURIComponent(id)}`,
      ...options,
    })
  }

  /** One page of tasks, newest first. */
  list(params: ListTasksParams = {}, options: RequestOptions = {}): Promise<TaskList> {
    return this.client.request({ method: 'GET', path: PATH, query: listQuery(params), ...options })
  }

  /**
   * Every matching task across pages, from `page_num` on (`page_size` default 100). A task that
   * moves to a later page while iterating, because newer ones were created, is yielded once.
   */
  async *listAll(params: ListTasksParams = {}, options: RequestOptions = {}): AsyncGenerator<Task> {
    const pageSize = params.page_size ?? 100
    const seen = new Set<string>()
    for (let page = params.page_num ?? 1; ; page++) {
      const { total, items } = await this.list(
        { ...params, page_num: page, page_size: pageSize },
        options,
      )
      for (const task of items) {
        if (seen.has(task.id)) continue
        seen.add(task.id)
        yield task
      }
      if (items.length < pageSize || page * pageSize >= total) return
    }
  }

  /**
   * Cancels a queued task, or deletes a finished one with its files. A running or cancelled task
   * throws `ConflictError` (`TaskNotCancellable`) unless `force` is set.
   */
  async delete(id: string, options: DeleteTaskOptions = {}): Promise<void> {
    const { force, ...rest } = options
    await this.client.request({
      method: 'DELETE',
      path: `${PATH}/${encodeURIComponent(id)}`,
      ...(force ? { query: new URLSearchParams({ force: 'true' }) } : {}),
      ...rest,
    })
  }

  /**
   * Polls until the task is `succeeded`, `failed`, `cancelled` or `expired` and returns it; a
   * failed task is returned, not thrown. Errors of the polls themselves (after retries) are thrown.
   */
  wait(id: string, options: WaitOptions = {}): Promise<Task> {
    return waitForTask((taskId, requestOptions) => this.get(taskId, requestOptions), id, options)
  }
}
