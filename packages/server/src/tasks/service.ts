import type { AssetStore } from '../assets/asset-store.js'
import type { BlobStore } from '../blobs/blob-store.js'
import { checkRoute } from '../engines/check-route.js'
import { findRoute, type ModelRoute } from '../engines/models.js'
import { AppError, conflict, invalidParameter, notFound } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import type { Queue } from '../queue/queue.js'
import type { Store, TaskListQuery, TaskRecord, TaskStatus } from '../store/store.js'
import { newId } from './ids.js'
import { ingestMedia } from './ingest.js'
import { planContent } from './modes.js'
import { checkCallbackUrl, normalizeParams, refuseUnsupported } from './normalize.js'
import type { CreateTaskBody } from './schema.js'

export interface TaskServiceDeps {
  store: Store
  queue: Queue
  blobs: BlobStore
  clock: Clock
  routes: readonly ModelRoute[]
  /** Spec §4: at most this many queued tasks per project. */
  maxQueuedPerProject: number
  /** Whether a web search provider is configured (spec §2.7). */
  searchConfigured: boolean
  /** `KINORA_ALLOW_PRIVATE_URLS`: media URLs may point at private addresses. */
  allowPrivateUrls: boolean
  /** Called after a task is enqueued, so in-process workers wake at once. */
  onEnqueued?: () => void
  /** Spec §2.7: checks the prompt at create, and data-URL images as they are stored. */
  moderation?: ModerationPolicy
  /** Called with the task after each status change made here (callbacks, spec §2.5). */
  onStatusChange?: (task: TaskRecord) => void
  /** Resolves `asset://` media (spec §3); without it every asset id is unknown. */
  assetStore?: AssetStore
}

export type TaskService = ReturnType<typeof createTaskService>

/** Task operations of spec §2, independent of HTTP. */
export function createTaskService(deps: TaskServiceDeps) {
  const { store, queue, blobs, clock } = deps

  async function create(projectId: string, body: CreateTaskBody): Promise<TaskRecord> {
    const route = findRoute(deps.routes, body.model)
    refuseUnsupported(body)
    checkCallbackUrl(body.callback_url, deps.allowPrivateUrls)
    const text = body.content.find((c) => c.type === 'text')
    const plan = planContent(
      body.content,
      body.omni_reference_task_type,
      text?.type === 'text' ? text.text : '',
    )
    const params = normalizeParams(body, plan)
    if (params.tools.length > 0 && !deps.searchConfigured && !route.upstreamTools) {
      throw invalidParameter(
        'tools',
        'web_search needs a search provider: the server operator must set KINORA_SEARCH_URL; remove tools to generate without it',
      )
    }
    checkRoute(route, params)
    if (text && deps.moderation) {
      await deps.moderation.checkText(params.prompt, `content[${body.content.indexOf(text)}].text`)
    }
    if ((await store.countTasks(projectId, 'queued')) >= deps.maxQueuedPerProject) {
      throw new AppError(
        429,
        'QuotaExceeded',
        `This project already has ${deps.maxQueuedPerProject} queued tasks; wait for some to start or cancel some`,
      )
    }
    const now = clock.now()
    const id = newId('cgt', now)
    params.media = await ingestMedia(id, projectId, params.media, deps)
    const task: TaskRecord = {
      id,
      projectId,
      model: body.model,
      engine: route.engine,
      status: 'queued',
      progress: 0,
      priority: body.priority ?? 0,
      params,
      error: null,
      usage: null,
      outputs: null,
      attempts: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + params.executionExpiresAfter * 1000,
    }
    await queue.enqueue(task)
    deps.onEnqueued?.()
    deps.onStatusChange?.(task)
    return task
  }

  async function get(projectId: string, id: string): Promise<TaskRecord> {
    const task = await store.getTask(id)
    // Another project's task is indistinguishable from a missing one.
    if (!task || task.projectId !== projectId) throw notFound('task', id)
    return task
  }

  function list(query: TaskListQuery) {
    return store.listTasks(query)
  }

  /**
   * DELETE of spec §2: cancels a queued task, deletes a finished one with its files; a running
   * task is stopped only with `force` (ext).
   */
  async function remove(projectId: string, id: string, force: boolean): Promise<void> {
    const task = await get(projectId, id)
    const now = clock.now()
    const cancel = (from: TaskStatus[]) =>
      store.updateTask(id, from, {
        status: 'cancelled',
        updatedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
    if (task.status === 'queued' || (force && task.status === 'running')) {
      const cancelled = await cancel(force ? ['queued', 'running'] : ['queued'])
      if (cancelled) return deps.onStatusChange?.(cancelled)
      return remove(projectId, id, force)
    }
    if (task.status === 'running' || task.status === 'cancelled') {
      throw conflict(
        'TaskNotCancellable',
        task.status === 'running'
          ? `Task ${id} is running and cannot be cancelled; add ?force=true to stop it`
          : `Task ${id} is already cancelled`,
      )
    }
    await store.deleteTask(id)
    await blobs.deletePrefix(`tasks/${id}/`)
  }

  return { create, get, list, remove }
}
