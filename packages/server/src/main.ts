import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createApp } from './app.js'
import type { BlobStore } from './blobs/blob-store.js'
import { createFsBlobStore } from './blobs/fs.js'
import type { Config } from './config.js'
import type { Engine } from './engines/engine.js'
import { DEFAULT_ROUTES } from './engines/models.js'
import { systemClock, type Clock } from './lib/clock.js'
import { useMediaBinaries } from './media/binaries.js'
import type { Queue } from './queue/queue.js'
import { createSqliteQueue } from './queue/sqlite.js'
import { openSqlite, createSqliteStore } from './store/sqlite.js'
import type { Store } from './store/store.js'
import { createTaskService, type TaskService } from './tasks/service.js'
import { createSweeper } from './worker/sweeper.js'
import { createWorker, type Worker } from './worker/worker.js'

export const VERSION = '0.1.0'

export interface Kinora {
  config: Config
  store: Store
  queue: Queue
  blobs: BlobStore
  tasks: TaskService
  app: FastifyInstance
  worker: Worker | undefined
  /** The base URL file links are built on; set once listening when not configured. */
  publicUrl(): string
  listen(): Promise<string>
  /** Runs expiry and stalled-lease recovery now (it also runs every second). */
  sweep(): Promise<void>
  close(): Promise<void>
}

/** The store, queue and blob store named by the config (sqlite:/file: in this build). */
export async function openPorts(
  config: Config,
  publicUrl: () => string,
): Promise<{ store: Store; queue: Queue; blobs: BlobStore }> {
  if (!config.databaseUrl.startsWith('sqlite:')) {
    throw new Error(
      `KINORA_DATABASE_URL ${config.databaseUrl}: only sqlite: databases are supported in this build`,
    )
  }
  if (!config.blobUrl.startsWith('file:')) {
    throw new Error(
      `KINORA_BLOB_URL ${config.blobUrl}: only file: blob stores are supported in this build`,
    )
  }
  const db = openSqlite(config.databaseUrl.slice('sqlite:'.length))
  return {
    store: createSqliteStore(db),
    queue: createSqliteQueue(db),
    blobs: createFsBlobStore({
      root: config.blobUrl.slice('file:'.length),
      secret: config.secret,
      publicUrl,
    }),
  }
}

/**
 * The composition root: opens the ports named by the config, builds the app, and (unless
 * `workers` is 0) an in-process worker and the sweeper. Nothing listens until `listen()`.
 */
export async function openKinora(
  config: Config,
  opts: { clock?: Clock; engines?: ReadonlyMap<string, Engine>; logger?: boolean } = {},
): Promise<Kinora> {
  const clock = opts.clock ?? systemClock
  useMediaBinaries({
    ...(config.ffmpeg ? { ffmpeg: config.ffmpeg } : {}),
    ...(config.ffprobe ? { ffprobe: config.ffprobe } : {}),
  })
  let listeningUrl = config.publicUrl ?? `http://${config.host}:${config.port}`
  const publicUrl = () => config.publicUrl ?? listeningUrl
  const { store, queue, blobs } = await openPorts(config, publicUrl)
  const log = opts.logger === false ? 'silent' : config.logLevel
  let worker: Worker | undefined
  const tasks = createTaskService({
    store,
    queue,
    blobs,
    clock,
    routes: DEFAULT_ROUTES,
    maxQueuedPerProject: config.maxQueuedPerProject,
    searchConfigured: config.searchUrl !== undefined,
    onEnqueued: () => worker?.wake(),
  })
  const app = await createApp({
    store,
    queue,
    blobs,
    tasks,
    clock,
    routes: DEFAULT_ROUTES,
    secret: config.secret,
    urlTtlSeconds: config.urlTtlSeconds,
    version: VERSION,
    logLevel: log,
  })
  let engines: ReadonlyMap<string, Engine> = new Map()
  if (config.workers > 0) {
    engines = opts.engines ?? (await defaultEngines(config))
    worker = createWorker({
      queue,
      store,
      blobs,
      engines,
      clock,
      workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      concurrency: config.workers,
      leaseMs: config.leaseSeconds * 1000,
      heartbeatMs: config.heartbeatMs,
      workdirRoot: join(config.dataDir, 'work'),
      log: app.log,
    })
  }
  const sweeper = createSweeper({ store, queue, clock, intervalMs: 1000, log: app.log })
  worker?.start()
  sweeper.start()

  return {
    config,
    store,
    queue,
    blobs,
    tasks,
    app,
    worker,
    publicUrl,
    sweep: sweeper.sweep,
    async listen() {
      if ((await store.countApiKeys()) === 0 && !isLoopback(config.host)) {
        throw new Error(
          `No API keys exist, so Kinora serves without auth and listens on loopback only; ` +
            `create a key with \`kinora keys create --project NAME\` before listening on ${config.host}`,
        )
      }
      const address = await app.listen({ host: config.host, port: config.port })
      listeningUrl = address.replace('://[::1]', '://localhost')
      return listeningUrl
    },
    async close() {
      await worker?.stop()
      await sweeper.stop()
      await app.close()
      for (const engine of engines.values()) await engine.close?.()
      await queue.close()
      await store.close()
      await blobs.close()
    },
  }
}

/** Engines are loaded only where work is done, so API-only processes skip their native modules. */
async function defaultEngines(config: Config): Promise<Map<string, Engine>> {
  const { createDraftEngine } = await import('./engines/draft/draft-engine.js')
  return new Map([['draft', createDraftEngine({ preset: config.encoderPreset })]])
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
