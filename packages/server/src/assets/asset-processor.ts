import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { BlobStore } from '../blobs/blob-store.js'
import { internal, isAppError, type AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import { MAX_ATTEMPTS } from '../queue/queue.js'
import { assetPrefix, fileKey, stagedKey } from './asset-keys.js'
import type { AssetRecord, AssetStore } from './asset-store.js'
import { probeAsset } from './probe-asset.js'

export interface AssetProcessorDeps {
  assetStore: AssetStore
  blobs: BlobStore
  clock: Clock
  /** Identifies this process's leases; unique per process. */
  workerId: string
  /** Assets processed at a time by `start()`'s loops. */
  concurrency: number
  /** Scratch folders for downloads and probes are made here. */
  workdirRoot: string
  allowPrivateUrls: boolean
  /** Spec §2.7: asset images are checked once, here. */
  moderation?: ModerationPolicy
  /** How long a claim lasts; past it another process may take the asset over. Default 5 min. */
  leaseMs?: number
  /** How long an idle loop waits before asking again (a wake-up cuts it short). Default 1 s. */
  pollMs?: number
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
}

const SHUTDOWN = new Error('asset processor shutting down')
const TIMEOUT = new Error('asset processing ran out of time')
/** First wait before retrying a transient fault; doubles per attempt. */
const RETRY_DELAY_MS = 5000

/**
 * Settles `Processing` assets in the background (spec §3): claims one with a lease on its row,
 * fetches or reads it, probes it like task media (probe-asset.ts), stores the checked file and
 * marks it `Active`, or `Failed` with the reason. Restart-safe: a process that dies leaves a lease
 * that runs out, and the asset is claimed again (at most 3 attempts, like tasks). Transient faults
 * (a refused connection, an upstream 5xx) are retried with a growing delay.
 */
export function createAssetProcessor(deps: AssetProcessorDeps) {
  const { assetStore: store, blobs, clock } = deps
  const leaseMs = deps.leaseMs ?? 300_000
  const running = new Set<AbortController>()
  const waiters = new Set<() => void>()
  const loops: Promise<void>[] = []
  let stopping = false

  async function processNext(owner: string): Promise<boolean> {
    const asset = await store.claimAsset(owner, leaseMs, clock.now())
    if (!asset) return false
    if (asset.attempts > MAX_ATTEMPTS) {
      await fail(asset, owner, {
        code: 'InternalServiceError',
        message: `Processing the asset was interrupted ${MAX_ATTEMPTS} times (workers stopped or crashed); create it again`,
      })
      return true
    }
    const abort = new AbortController()
    running.add(abort)
    // Ends the attempt before its lease does, so no other process takes over a live attempt.
    const timer = setTimeout(() => abort.abort(TIMEOUT), Math.max(1000, leaseMs - 10_000))
    let dir: string | undefined
    try {
      await mkdir(deps.workdirRoot, { recursive: true })
      dir = await mkdtemp(join(deps.workdirRoot, `${asset.id}-`))
      const path = join(dir, 'medium')
      const { info, contentType } = await probeAsset(asset, path, {
        blobs,
        allowPrivateUrls: deps.allowPrivateUrls,
        signal: abort.signal,
        ...(deps.moderation ? { moderation: deps.moderation } : {}),
      })
      const key = fileKey(asset)
      await blobs.putFile(key, path, contentType)
      const active = { status: 'Active', blobKey: key, contentType, info } as const
      if (await store.settleAsset(asset.id, owner, active, clock.now())) {
        if (asset.sourceUrl === null) await blobs.delete(stagedKey(asset))
        deps.log.info({ asset: asset.id }, 'asset active')
      } else {
        // Deleted meanwhile, or the lease was lost: this attempt's file belongs to no one.
        await blobs.delete(key)
      }
    } catch (err) {
      await settleFailure(asset, owner, abort.signal, err)
    } finally {
      clearTimeout(timer)
      running.delete(abort)
      if (dir) await rm(dir, { recursive: true, force: true })
    }
    return true
  }

  async function fail(asset: AssetRecord, owner: string, error: NonNullable<AssetRecord['error']>) {
    const settled = await store.settleAsset(
      asset.id,
      owner,
      { status: 'Failed', error },
      clock.now(),
    )
    if (settled) await blobs.deletePrefix(assetPrefix(asset))
  }

  async function settleFailure(
    asset: AssetRecord,
    owner: string,
    signal: AbortSignal,
    err: unknown,
  ) {
    if (signal.reason === SHUTDOWN) {
      await store.releaseAsset(asset.id, owner, clock.now())
      return
    }
    const error: AppError =
      signal.reason === TIMEOUT
        ? internal(`Processing the asset took more than ${Math.round(leaseMs / 1000)} s`, {
            retryable: true,
          })
        : isAppError(err)
          ? err
          : internal('Processing the asset failed; the server log has the details', {
              retryable: true,
              cause: err,
            })
    if (!isAppError(err) || error.retryable) {
      deps.log.warn({ err, asset: asset.id, attempt: asset.attempts }, 'asset processing failed')
    }
    if (error.retryable && asset.attempts < MAX_ATTEMPTS) {
      const delay = RETRY_DELAY_MS * 2 ** (asset.attempts - 1)
      await store.releaseAsset(asset.id, owner, clock.now() + delay)
      return
    }
    await fail(asset, owner, { code: error.code, message: error.message })
  }

  function idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, deps.pollMs ?? 1000)
      function done() {
        clearTimeout(timer)
        waiters.delete(done)
        resolve()
      }
      waiters.add(done)
    })
  }

  async function loop(owner: string): Promise<void> {
    while (!stopping) {
      let worked = false
      try {
        worked = await processNext(owner)
      } catch (err) {
        deps.log.error({ err }, 'asset processing loop failed')
      }
      if (!worked) await idle()
    }
  }

  return {
    /** Processes claimable assets one after another until none is left; resolves to the count. */
    async drain(): Promise<number> {
      let count = 0
      while (await processNext(`${deps.workerId}/drain`)) count += 1
      return count
    },
    start(): void {
      for (let i = 0; i < deps.concurrency; i++) loops.push(loop(`${deps.workerId}/asset-${i}`))
    },
    /** Cuts an idle wait short (called after an in-process create). */
    wake(): void {
      for (const waiter of waiters) waiter()
    },
    /** Stops claiming, gives running attempts back for the next process, waits for the loops. */
    async stop(): Promise<void> {
      stopping = true
      for (const abort of running) abort.abort(SHUTDOWN)
      for (const waiter of waiters) waiter()
      await Promise.all(loops)
    },
  }
}

export type AssetProcessor = ReturnType<typeof createAssetProcessor>
