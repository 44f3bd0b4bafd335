import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createApp } from './app.js'
import { createAssetProcessor } from './assets/asset-processor.js'
import { createAssetService, type AssetService } from './assets/asset-service.js'
import type { AssetStore } from './assets/asset-store.js'
import type { BlobStore } from './blobs/blob-store.js'
import type { Config } from './config.js'
import { defaultEngines, hasPublicLinks } from './default-engines.js'
import type { Engine } from './engines/engine.js'
import type { ModelRoute } from './engines/models.js'
import { loadRouteTable } from './engines/route-table.js'
import { httpSettingsOf, type HttpSettings } from './http/http-settings.js'
import { systemClock, type Clock } from './lib/clock.js'
import { useMediaBinaries } from './media/binaries.js'
import { createDefaultPolicy } from './moderation/default-policy.js'
import { loadTermList } from './moderation/load-term-list.js'
import type { ModerationPolicy } from './moderation/moderation-policy.js'
import { createNsfwClassifier } from './moderation/nsfw-classifier.js'
import { openPorts } from './open-ports.js'
import type { Queue } from './queue/queue.js'
import { createSearxngProvider } from './search/searxng.js'
import type { Store } from './store/store.js'
import { createTaskService, type TaskService } from './tasks/service.js'
import { toWire } from './tasks/to-wire.js'
import {
  createCallbackDispatcher,
  type CallbackDispatcher,
} from './webhooks/callback-dispatcher.js'
import type { WebhookStore } from './webhooks/webhook-store.js'
import { createSweeper } from './worker/sweeper.js'
import { warmUp } from './worker/warm-up.js'
import { createWorker, type Worker } from './worker/worker.js'

export const VERSION = '0.1.0'

/** Part of the package's API (`kinora keys` opens the ports without an app). */
export { openPorts }

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
    /** Replaces HTTP settings the config names (tests trip the overload guard with these). */
    http?: Partial<HttpSettings>
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
    http: { ...httpSettingsOf(config), ...opts.http },
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
      retryDelayMs: config.retryDelayMs,
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
  // One-off loads happen now, before the worker claims and before `listen()` can be called.
  if (config.workers > 0) await warmUp({ engines, moderation, log: app.log })
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

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
