import type { AssetStore } from '../assets/asset-store.js'
import type { BlobStore } from '../blobs/blob-store.js'
import { checkRoute } from '../engines/check-route.js'
import { findRoute, type ModelRoute } from '../engines/models.js'
import { AppError, conflict, internal, invalidParameter, notFound } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import type { EnqueueOptions, Queue } from '../queue/queue.js'
import {
  IDEMPOTENCY_WINDOW_MS,
  type IdempotencyRecord,
  type Store,
  type TaskListQuery,
  type TaskRecord,
  type TaskStatus,
} from '../store/store.js'
import { bodyHash } from './body-hash.js'
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
  /** Draws a task id for a create at `now` (spec §1); tests pass one that repeats. */
  newTaskId?: (now: number) => string
}

/**
 * How many ids a create draws before it gives up. Ids have 5 random characters a second (spec
 * §1), so a taken one is rare and five in a row mean a broken generator.
 */
const ID_TRIES = 5

export type TaskService = ReturnType<typeof createTaskService>

/** Task operations of spec §2, independent of HTTP. */
export function createTaskService(deps: TaskServiceDeps) {
  const { store, queue, blobs, clock } = deps
  const newTaskId = deps.newTaskId ?? ((now: number) => newId('cgt', now))

  async function create(projectId: string, body: CreateTaskBody): Promise<TaskRecord> {
    return (await insert(projectId, body, {})).task
  }

  /**
   * Create with an `Idempotency-Key` (spec §4): a repeat of the same body within 24 h answers the
   * first task (`replayed`), another body 409 `IdempotencyKeyReused`. The key is looked up first,
   * so a repeat skips the work of a create; the store's unique key decides races, in the
   * transaction that inserts the task, and the loser answers the winner's task.
   */
  async function createIdempotent(
    projectId: string,
    body: CreateTaskBody,
    key: string,
  ): Promise<{ task: TaskRecord; replayed: boolean }> {
    const idempotency = {
      key,
      bodyHash: bodyHash(body),
      since: clock.now() - IDEMPOTENCY_WINDOW_MS,
    }
    const existing = await store.findIdempotencyKey(projectId, key, idempotency.since)
    const replay = existing && (await replayOf(existing, idempotency.bodyHash))
    if (replay) return { task: replay, replayed: true }
    return insert(projectId, body, { idempotency })
  }

  /** The task a key made, for a repeat of its body; null when that task is gone. */
  async function replayOf(record: IdempotencyRecord, hash: string): Promise<TaskRecord | null> {
    if (record.bodyHash !== hash) {
      throw conflict(
        'IdempotencyKeyReused',
        `The Idempotency-Key ${JSON.stringify(record.key)} was used in the last 24 hours with a different request body (task ${record.taskId}); send a new key with a new request`,
      )
    }
    return store.getTask(record.taskId)
  }

  async function insert(
    projectId: string,
    body: CreateTaskBody,
    opts: EnqueueOptions,
  ): Promise<{ task: TaskRecord; replayed: boolean }> {
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
    const quota = deps.maxQueuedPerProject
    if ((await store.countTasks(projectId, 'queued', quota)) >= quota) {
      throw new AppError(
        429,
        'QuotaExceeded',
        `This project already has ${quota} queued tasks; wait for some to start or cancel some`,
      )
    }
    const now = clock.now()
    for (let tries = 1; tries <= ID_TRIES; tries++) {
      const id = newTaskId(now)
      // Inputs are stored under the id before the insert settles it, so a taken id must not reach
      // ingest: its files, and its cleanup on a refusal, would hit the other task's inputs. Two
      // creates racing with one id are left to the insert.
      if (params.media.length > 0 && (await store.getTask(id)) !== null) continue
      const task: TaskRecord = {
        id,
        projectId,
        model: body.model,
        engine: route.engine,
        status: 'queued',
        progress: 0,
        priority: body.priority ?? 0,
        params: { ...params, media: await ingestMedia(id, projectId, params.media, deps) },
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
      const result = await queue.enqueue(task, opts)
      // Inputs stored meanwhile stay: under that id they are the other task's.
      if ('idTaken' in result) continue
      if (!result.enqueued) {
        // Another request with the same key won the race: this one's copied inputs go.
        await blobs.deletePrefix(`tasks/${id}/`)
        const replay = await replayOf(result.existing, opts.idempotency!.bodyHash)
        return replay ? { task: replay, replayed: true } : insert(projectId, body, opts)
      }
      deps.onEnqueued?.()
      deps.onStatusChange?.(task)
      return { task, replayed: false }
    }
    throw internal(`Found no free task id in ${ID_TRIES} tries; the id generator repeats itself`)
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

  return { create, createIdempotent, get, list, remove }
}
