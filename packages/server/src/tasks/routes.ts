import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { BlobStore } from '../blobs/blob-store.js'
import { projectOf } from '../http/auth.js'
import type { Clock } from '../lib/clock.js'
import type { Store } from '../store/store.js'
import {
  createTaskBody,
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

/** Seedance SDKs send every optional field, `null` when unset: null counts as absent (spec §2.1). */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, dropNulls(v)]),
    )
  }
  return value
}

const errors = { 400: errorEnvelope, 401: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope }

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
        preValidation: async (request) => {
          request.body = dropNulls(request.body) as typeof request.body
        },
        schema: {
          summary: 'Create a video generation task',
          tags: ['tasks'],
          body: createTaskBody,
          response: { 200: createTaskResponse, ...errors, 429: errorEnvelope },
        },
      },
      async (request) => {
        const project = await projectOf(request, deps.store)
        const task = await deps.tasks.create(project, request.body)
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
