import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { BlobStore } from '../blobs/blob-store.js'
import { projectOf } from '../http/auth.js'
import { MEDIA_BODY_LIMIT } from '../http/body-limits.js'
import { invalidParameter } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { Store } from '../store/store.js'
import {
  createTaskBody,
  createTaskHeaders,
  createTaskResponse,
  deleteTaskQuery,
  errorEnvelope,
  listTasksQuery,
  listTasksResponse,
  taskIdParams,
  taskObject,
} from './schema.js'
import type { TaskService } from './service.js'
import { toWire } from './to-wire.js'

export interface TaskRoutesDeps {
  tasks: TaskService
  store: Store
  blobs: BlobStore
  clock: Clock
  urlTtlSeconds: number
}

/**
 * How many levels of arrays and objects a body may nest. A create body needs 4 (the body,
 * `content`, an item, its `image_url`), an asset action as many: a body near this limit is an
 * attack on the stack of every recursive walk after parsing (this one, zod, the body hash).
 */
export const MAX_BODY_DEPTH = 32

/**
 * Seedance SDKs send every optional field, `null` when unset: null counts as absent (spec §2.1).
 * A body nested deeper than MAX_BODY_DEPTH is refused with 400 `InvalidParameter`, naming the
 * top-level field it is under, before the walk could overflow the stack.
 */
export function dropNulls(value: unknown): unknown {
  return withoutNulls(value, 0, undefined)
}

function withoutNulls(value: unknown, depth: number, field: string | undefined): unknown {
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_BODY_DEPTH) {
    throw invalidParameter(
      field,
      `The request body nests arrays or objects more than ${MAX_BODY_DEPTH} levels deep${field === undefined ? '' : ` in ${field}`}; a valid request needs at most 4`,
    )
  }
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v, depth + 1, field))
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v, depth + 1, field ?? k)]),
  )
}

const errors = {
  400: errorEnvelope,
  401: errorEnvelope,
  404: errorEnvelope,
  409: errorEnvelope,
  413: errorEnvelope,
  429: errorEnvelope,
  503: errorEnvelope,
}

/** The task endpoints of spec §2 under /api/v3/contents/generations/tasks. */
export const taskRoutes =
  (deps: TaskRoutesDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    const wire = (task: Parameters<typeof toWire>[0]) =>
      toWire(task, deps.blobs, deps.urlTtlSeconds, deps.clock.now())

    r.post(
      '/tasks',
      {
        bodyLimit: MEDIA_BODY_LIMIT,
        preValidation: async (request) => {
          request.body = dropNulls(request.body) as typeof request.body
        },
        schema: {
          summary: 'Create a video generation task',
          description:
            'With an Idempotency-Key, a repeat of the same body within 24 hours answers 200 with the first task (header idempotent-replayed: true); the key with another body is 409 IdempotencyKeyReused.',
          tags: ['tasks'],
          headers: createTaskHeaders,
          body: createTaskBody,
          response: { 200: createTaskResponse, ...errors },
        },
      },
      async (request, reply) => {
        const project = await projectOf(request, deps.store)
        const key = request.headers['idempotency-key']
        if (key === undefined) return { id: (await deps.tasks.create(project, request.body)).id }
        const { task, replayed } = await deps.tasks.createIdempotent(project, request.body, key)
        if (replayed) void reply.header('idempotent-replayed', 'true')
        return { id: task.id }
      },
    )

    r.get(
      '/tasks/:id',
      {
        schema: {
          summary: 'Get a task; signs fresh download URLs',
          tags: ['tasks'],
          params: taskIdParams,
          response: { 200: taskObject, ...errors },
        },
      },
      async (request) => {
        const project = await projectOf(request, deps.store)
        return wire(await deps.tasks.get(project, request.params.id))
      },
    )

    r.get(
      '/tasks',
      {
        schema: {
          summary: 'List tasks, newest first',
          tags: ['tasks'],
          querystring: listTasksQuery,
          response: { 200: listTasksResponse, ...errors },
        },
      },
      async (request) => {
        const project = await projectOf(request, deps.store)
        const q = request.query
        const ids = q['filter.task_ids']
        const page = await deps.tasks.list({
          projectId: project,
          pageNum: q.page_num,
          pageSize: q.page_size,
          ...(q['filter.status'] ? { status: q['filter.status'] } : {}),
          ...(q['filter.model'] ? { model: q['filter.model'] } : {}),
          ...(ids === undefined ? {} : { taskIds: Array.isArray(ids) ? ids : [ids] }),
        })
        return { total: page.total, items: await Promise.all(page.items.map(wire)) }
      },
    )

    r.delete(
      '/tasks/:id',
      {
        schema: {
          summary: 'Cancel a queued task, or delete a finished one',
          tags: ['tasks'],
          params: taskIdParams,
          querystring: deleteTaskQuery,
          response: { 200: createTaskResponse.pick({}), ...errors },
        },
      },
      async (request) => {
        const project = await projectOf(request, deps.store)
        await deps.tasks.remove(project, request.params.id, request.query.force === 'true')
        return {}
      },
    )
  }
