import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assetRoutes } from '../assets/action-routes.js'
import { createAssetService } from '../assets/asset-service.js'
import { createSqliteAssetStore } from '../assets/sqlite-asset-store.js'
import { createFsBlobStore } from '../blobs/fs.js'
import { DEFAULT_ROUTES } from '../engines/models.js'
import { systemClock } from '../lib/clock.js'
import { createSqliteQueue } from '../queue/sqlite.js'
import { createSqliteStore, openSqlite, type SqliteDatabase } from '../store/sqlite.js'
import { taskRoutes } from '../tasks/routes.js'
import { createTaskService } from '../tasks/service.js'
import { errorHandler } from './error-handler.js'

const TASKS = '/api/v3/contents/generations/tasks'
const body = { model: 'seedance-2.0', content: [{ type: 'text', text: 'a fox in the snow' }] }

describe('a busy database', () => {
  let dir: string
  let db: SqliteDatabase
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinora-busy-'))
    // A short busy timeout: the write gives up at once instead of after the default 5 s.
    db = openSqlite(join(dir, 'kinora.db'), { busyTimeoutMs: 10 })
  })
  afterEach(async () => {
    db.close()
    await rm(dir, { recursive: true })
  })

  const blobsIn = (root: string) =>
    createFsBlobStore({ root: join(root, 'blobs'), secret: 's', publicUrl: () => 'http://x' })

  /** The task routes of the app on a real SQLite store and queue, with the app's error handler. */
  async function taskApp() {
    const store = createSqliteStore(db)
    const queue = createSqliteQueue(db)
    const blobs = blobsIn(dir)
    const tasks = createTaskService({
      store,
      queue,
      blobs,
      clock: systemClock,
      routes: DEFAULT_ROUTES,
      maxQueuedPerProject: 10,
      searchConfigured: false,
      allowPrivateUrls: false,
    })
    const app = Fastify()
    app.setValidatorCompiler(validatorCompiler)
    app.setSerializerCompiler(serializerCompiler)
    app.setErrorHandler(errorHandler)
    await app.register(taskRoutes({ tasks, store, blobs, clock: systemClock, urlTtlSeconds: 60 }), {
      prefix: '/api/v3/contents/generations',
    })
    return { app, queue }
  }

  it('answers a create with 503 ServiceUnavailable and Retry-After while another process holds its write lock', async () => {
    const { app, queue } = await taskApp()
    const other = new Database(join(dir, 'kinora.db'))
    try {
      other.exec('BEGIN IMMEDIATE')
      const refused = await app.inject({ method: 'POST', url: TASKS, payload: body })
      expect(refused.statusCode).toBe(503)
      const retryAfter = refused.headers['retry-after']
      expect(Number(retryAfter)).toBeGreaterThan(0)
      expect(refused.json()).toEqual({
        error: {
          code: 'ServiceUnavailable',
          message: `The database is busy with other work; retry after ${retryAfter} s (see Retry-After)`,
          type: 'ServiceUnavailable',
        },
      })
      other.exec('ROLLBACK')
      const created = await app.inject({ method: 'POST', url: TASKS, payload: body })
      expect(created.statusCode, created.body).toBe(200)
      expect(await queue.depth()).toBe(1)
    } finally {
      other.close()
      await app.close()
    }
  })

  it('answers an asset action with 503 and Retry-After in the asset envelope while the lock is held', async () => {
    const store = createSqliteStore(db)
    const blobs = blobsIn(dir)
    const assets = createAssetService({
      assetStore: createSqliteAssetStore(db),
      blobs,
      clock: systemClock,
      allowPrivateUrls: false,
    })
    const app = Fastify()
    app.setValidatorCompiler(validatorCompiler)
    app.setSerializerCompiler(serializerCompiler)
    await app.register(assetRoutes({ assets, store, blobs, clock: systemClock, urlTtlSeconds: 60 }))
    const other = new Database(join(dir, 'kinora.db'))
    const create = () =>
      app.inject({
        method: 'POST',
        url: '/?Action=CreateAssetGroup&Version=2024-01-01',
        payload: { Name: 'heroes' },
      })
    try {
      other.exec('BEGIN IMMEDIATE')
      const refused = await create()
      expect(refused.statusCode).toBe(503)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(refused.json().ResponseMetadata.Error).toMatchObject({ Code: 'ServiceUnavailable' })
      other.exec('ROLLBACK')
      expect((await create()).statusCode).toBe(200)
    } finally {
      other.close()
      await app.close()
    }
  })
})
