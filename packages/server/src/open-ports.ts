import type { AssetStore } from './assets/asset-store.js'
import { createSqliteAssetStore } from './assets/sqlite-asset-store.js'
import type { BlobStore } from './blobs/blob-store.js'
import { createFsBlobStore } from './blobs/fs.js'
import type { Config } from './config.js'
import type { Queue } from './queue/queue.js'
import { createSqliteQueue } from './queue/sqlite.js'
import { createSqliteStore, openSqlite } from './store/sqlite.js'
import type { Store } from './store/store.js'
import { createSqliteWebhookStore } from './webhooks/sqlite-webhook-store.js'
import type { WebhookStore } from './webhooks/webhook-store.js'

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
