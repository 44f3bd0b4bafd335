import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createApp } from './app.js'
import { createAssetProcessor } from './assets/asset-processor.js'
import { createAssetService, type AssetService } from './assets/asset-service.js'
import type { AssetStore } from './assets/asset-store.js'
import { createSqliteAssetStore } from './assets/sqlite-asset-store.js'
import type { BlobStore } from './blobs/blob-store.js'
import { createFsBlobStore } from './blobs/fs.js'
import type { Config } from './config.js'
import type { Engine } from './engines/engine.js'
import type { ModelRoute } from './engines/models.js'
import { loadRouteTable } from './engines/route-table.js'
import { systemClock, type Clock } from './lib/clock.js'
import { useMediaBinaries } from './media/binaries.js'
import { createDefaultPolicy } from './moderation/default-policy.js'
import { loadTermList } from './moderation/load-term-list.js'
import type { ModerationPolicy } from './moderation/moderation-policy.js'
import { createNsfwClassifier } from './moderation/nsfw-classifier.js'
import type { Queue } from './queue/queue.js'
import { createSqliteQueue } from './queue/sqlite.js'
import { createSearxngProvider } from './search/searxng.js'
import { openSqlite, createSqliteStore } from './store/sqlite.js'
import type { Store } from './store/store.js'
import { createTaskService, type TaskService } from './tasks/service.js'
import { toWire } from './tasks/to-wire.js'
import {
  createCallbackDispatcher,
  type CallbackDispatcher,
} from './webhooks/callback-dispatcher.js'
import { createSqliteWebhookStore } from './webhooks/sqlite-webhook-store.js'
import type { WebhookStore } from './webhooks/webhook-store.js'
import { createSweeper } from './worker/sweeper.js'
import { createWorker, type Worker } from './worker/worker.js'

export const VERSION = '0.1.0'

export interface Kinora {
  config: Config
  store: Store
  queue: Queue
  blobs: BlobStore
  webhooks: WebhookStore
  callbacks: CallbackDispatcher
  tasks: TaskService
  assetStore: AssetStore
  assets: AssetService
  app: FastifyInstance
  worker: Worker | undefined
  /** The base URL file links are built on; set once listening when not configured. */
  publicUrl(): string
  listen(): Promise<string>
  /** Runs expiry and stalled-lease recovery now (it also runs every second). */
  sweep(): Promise<void>
  /**
   * Processes the claimable `Processing` assets now, one after another, and resolves to how many;
   * processes with workers also do it in the background.
   */
  processAssets(): Promise<number>
  close(): Promise<void>
}

/**
 * The store, queue and blob store named by the config: `sqlite:` or `postgres://` (the queue
 * follows the store: pg-boss on PostgreSQL), `file:` or `s3://`. The scale-out drivers are
 * imported only when named, so the embedded default never loads pg, pg-boss or the AWS SDK.
 */
export async function openPorts(
  config: Config,
  publicUrl: () => string,
): Promise<{
  store: Store
  queue: Queue
  blobs: BlobStore
  webhooks: WebhookStore
  assetStore: AssetStore
}> {
  const { databaseUrl, blobUrl } = config
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new Error(
      `KINORA_DATABASE_URL ${databaseUrl}: expected sqlite:<path> or postgres://user:password@host/database`,
    )
  }
  if (!/^(file:|s3:\/\/)/.test(blobUrl)) {
    throw new Error(
      `KINORA_BLOB_URL ${blobUrl}: expected file:<folder> or s3://bucket?endpoint=…&region=…`,
    )
  }
  let blobs: BlobStore
  if (blobUrl.startsWith('file:')) {
    blobs = createFsBlobStore({
      root: blobUrl.slice('file:'.length),
      secret: config.secret,
      publicUrl,
    })
  } else {
    const { parseS3Url } = await import('./blobs/parse-s3-url.js')
    const { createS3BlobStore } = await import('./blobs/s3.js')
    const { awsAccessKeyId: accessKeyId, awsSecretAccessKey: secretAccessKey } = config
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      throw new Error('Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together, or neither')
    }
    const location = parseS3Url(blobUrl)
    blobs = createS3BlobStore({
      ...location,
      region: location.region ?? config.awsRegion,
      credentials:
        accessKeyId && secretAccessKey
          ? { accessKeyId, secretAccessKey, sessionToken: config.awsSessionToken }
          : undefined,
    })
  }
  if (databaseUrl.startsWith('sqlite:')) {
    const db = openSqlite(databaseUrl.slice('sqlite:'.length))
    return {
      store: createSqliteStore(db),
      queue: createSqliteQueue(db),
      blobs,
      webhooks: createSqliteWebhookStore(db),
      assetStore: createSqliteAssetStore(db),
    }
  }
  const { openPostgres, createPostgresStore } = await import('./store/postgres.js')
  const { createPgBossQueue } = await import('./queue/pgboss.js')
  const { createPostgresWebhookStore } = await import('./webhooks/postgres-webhook-store.js')
  const { createPostgresAssetStore } = await import('./assets/postgres-asset-store.js')
  const pool = await openPostgres(databaseUrl)
  try {
    const webhooks = createPostgresWebhookStore(pool)
    return {
      store: createPostgresStore(pool),
      queue: await createPgBossQueue(pool),
      blobs,
      webhooks,
      assetStore: createPostgresAssetStore(pool),
    }
  } catch (err) {
    await pool.end()
    throw err
  }
}

/**
 * The composition root: opens the ports named by the config, builds the app, and (unless
 * `workers` is 0) an in-process worker and the sweeper. Nothing listens until `listen()`.
 */
export async function openKinora(
  config: Config,
  opts: {
    clock?: Clock
    engines?: ReadonlyMap<string, Engine>
    logger?: boolean
    /** Replaces the policy the config names (tests use stricter thresholds). */
    moderation?: ModerationPolicy
    /** Replaces the routing table the config names. */
    routes?: readonly ModelRoute[]
  } = {},
): Promise<Kinora> {
  const clock = opts.clock ?? systemClock
  useMediaBinaries({
    ...(config.ffmpeg ? { ffmpeg: config.ffmpeg } : {}),
    ...(config.ffprobe ? { ffprobe: config.ffprobe } : {}),
  })
  let listeningUrl = config.publicUrl ?? `http://${config.host}:${config.port}`
  const publicUrl = () => config.publicUrl ?? listeningUrl
  const routes = opts.routes ?? loadRouteTable({ ...config, publicLinks: hasPublicLinks(config) })
  const { store, queue, blobs, webhooks, assetStore } = await openPorts(config, publicUrl)
  const log = opts.logger === false ? 'silent' : config.logLevel
  let worker: Worker | undefined
  const moderation =
    opts.moderation ??
    createDefaultPolicy({
      terms: loadTermList(config.moderationTerms),
      images: config.moderationImages ? createNsfwClassifier() : null,
    })
  // The search endpoint is the operator's own (often on loopback or the LAN), not a user's URL.
  const search = config.searchUrl
    ? createSearxngProvider({
        url: config.searchUrl,
        timeoutMs: config.searchTimeoutSeconds * 1000,
        fetch: { allowPrivate: true },
      })
    : undefined
  const callbacks = createCallbackDispatcher({
    store: webhooks,
    wire: (task) => toWire(task, blobs, config.urlTtlSeconds, clock.now()),
    clock,
    allowPrivate: config.allowPrivateUrls,
    // Only called on a failed delivery, long after `app` below exists.
    log: { warn: (obj, msg) => app.log.warn(obj, msg) },
  })
  const onStatusChange = callbacks.notify
  const tasks = createTaskService({
    store,
    queue,
    blobs,
    clock,
    routes,
    maxQueuedPerProject: config.maxQueuedPerProject,
    searchConfigured: config.searchUrl !== undefined,
    allowPrivateUrls: config.allowPrivateUrls,
    onEnqueued: () => worker?.wake(),
    moderation,
    onStatusChange,
    assetStore,
  })
  const assets = createAssetService({
    assetStore,
    blobs,
    clock,
    allowPrivateUrls: config.allowPrivateUrls,
    // Called on a create request, long after `assetProcessor` below exists.
    onCreated: () => assetProcessor.wake(),
  })
  const app = await createApp({
    store,
    queue,
    blobs,
    tasks,
    assets,
    webhooks,
    clock,
    routes,
    secret: config.secret,
    urlTtlSeconds: config.urlTtlSeconds,
    version: VERSION,
    logLevel: log,
  })
  let engines: ReadonlyMap<string, Engine> = new Map()
  if (config.workers > 0) {
    engines = opts.engines ?? (await defaultEngines(config, { blobs, routes }))
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
      allowPrivateUrls: config.allowPrivateUrls,
      ...(search ? { search } : {}),
      moderation,
      onStatusChange,
      log: app.log,
    })
  }
  // Assets are fetched and probed where tasks are rendered: in processes with workers.
  const assetProcessor = createAssetProcessor({
    assetStore,
    blobs,
    clock,
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    concurrency: config.workers,
    workdirRoot: join(config.dataDir, 'work'),
    allowPrivateUrls: config.allowPrivateUrls,
    moderation,
    log: app.log,
  })
  const sweeper = createSweeper({
    store,
    queue,
    clock,
    intervalMs: 1000,
    log: app.log,
    onStatusChange,
  })
  worker?.start()
  if (config.workers > 0) assetProcessor.start()
  sweeper.start()

  return {
    config,
    store,
    queue,
    blobs,
    webhooks,
    callbacks,
    tasks,
    assetStore,
    assets,
    app,
    worker,
    publicUrl,
    sweep: sweeper.sweep,
    processAssets: assetProcessor.drain,
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
      await assetProcessor.stop()
      await sweeper.stop()
      await app.close()
      await callbacks.close()
      for (const engine of engines.values()) await engine.close?.()
      await queue.close()
      await store.close()
      await blobs.close()
    },
  }
}

/**
 * Engines are loaded only where work is done, so API-only processes skip their native modules;
 * `ark` and `comfyui` exist where their upstream is configured.
 */
async function defaultEngines(
  config: Config,
  deps: { blobs: BlobStore; routes: readonly ModelRoute[] },
): Promise<Map<string, Engine>> {
  const preset = config.encoderPreset
  const { createDraftEngine } = await import('./engines/draft/draft-engine.js')
  const engines = new Map<string, Engine>([['draft', createDraftEngine({ preset })]])
  if (config.arkBaseUrl) {
    const { createArkEngine } = await import('./engines/ark/ark-engine.js')
    const ark = createArkEngine({
      baseUrl: config.arkBaseUrl,
      ...(config.arkApiKey ? { apiKey: config.arkApiKey } : {}),
      routes: deps.routes,
      blobs: deps.blobs,
      publicLinks: hasPublicLinks(config),
      preset,
    })
    engines.set('ark', ark)
  }
  if (config.comfyuiUrls.length > 0) {
    const { createComfyuiEngine } = await import('./engines/comfyui/comfyui-engine.js')
    engines.set(
      'comfyui',
      createComfyuiEngine({ servers: config.comfyuiUrls, routes: deps.routes, preset }),
    )
  }
  return engines
}

/** Whether stored files get links the outside can fetch: a public URL is set, or blobs are on S3. */
function hasPublicLinks(config: Config): boolean {
  return config.publicUrl !== undefined || config.blobUrl.startsWith('s3://')
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
