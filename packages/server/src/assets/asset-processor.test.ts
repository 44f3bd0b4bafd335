import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startLoopbackServer, type LoopbackServer } from '../media/test-loopback-server.js'
import { openTestKinora } from '../test-kinora.js'
import { createAssetProcessor } from './asset-processor.js'
import { characterPng, resultOf } from './test-assets.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
let server: LoopbackServer
let png: Buffer
let now = Date.UTC(2026, 10, 25, 12, 0, 0)
const clock = { now: () => now }
/** What the loopback server does with the next requests, in order; then it serves the image. */
let script: ('503' | 'hang')[] = []
const hanging: (() => void)[] = []

beforeAll(async () => {
  png = await characterPng()
  server = await startLoopbackServer((_req, res) => {
    const next = script.shift()
    if (next === '503') res.writeHead(503).end('busy')
    else if (next === 'hang') hanging.push(() => res.end(png))
    else res.setHeader('content-type', 'image/png').end(png)
  })
})
afterAll(() => server.close())
beforeEach(async () => {
  now = Date.UTC(2026, 10, 25, 12, 0, 0)
  script = []
  kinora = await openTestKinora({ allowPrivateUrls: true, moderationImages: false }, { clock })
})
afterEach(async () => {
  for (const release of hanging.splice(0)) release()
  await kinora.dispose()
})

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined }
const processor = (workerId: string, pollMs = 20) =>
  createAssetProcessor({
    assetStore: kinora.assetStore,
    blobs: kinora.blobs,
    clock,
    workerId,
    concurrency: 1,
    workdirRoot: join(kinora.dir, 'work'),
    allowPrivateUrls: true,
    leaseMs: 60_000,
    pollMs,
    log: silent,
  })

async function newAsset(): Promise<string> {
  const group = (await resultOf<{ Id: string }>(kinora.app, 'CreateAssetGroup', { Name: 'g' })).Id
  const body = { GroupId: group, URL: `${server.origin}/mira.png`, AssetType: 'Image' }
  return (await resultOf<{ Id: string }>(kinora.app, 'CreateAsset', body)).Id
}

describe('asset processor', () => {
  it('takes over an asset whose processor died, once the dead lease has run out', async () => {
    const id = await newAsset()
    // A process claimed it and died without a word.
    expect(await kinora.assetStore.claimAsset('dead', 60_000, now)).toMatchObject({ id })
    const next = processor('next')
    expect(await next.drain()).toBe(0)
    now += 60_000
    expect(await next.drain()).toBe(1)
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      status: 'Active',
      attempts: 2,
      leaseOwner: null,
    })
  })

  it('fails an asset whose processing was interrupted three times', async () => {
    const id = await newAsset()
    for (let i = 0; i < 3; i++) {
      await kinora.assetStore.claimAsset(`dead-${i}`, 60_000, now)
      now += 60_000
    }
    expect(await processor('next').drain()).toBe(1)
    const asset = await kinora.assetStore.getAsset('default', id)
    expect(asset).toMatchObject({ status: 'Failed', error: { code: 'InternalServiceError' } })
    expect(asset?.error?.message).toMatch(/interrupted 3 times/)
  })

  it('retries a transient fetch fault after a growing delay, then settles', async () => {
    const id = await newAsset()
    script = ['503', '503']
    const p = processor('p')
    expect(await p.drain()).toBe(1)
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      status: 'Processing',
      leaseOwner: null,
      leaseExpiresAt: now + 5000,
    })
    expect(await p.drain()).toBe(0)
    now += 5000
    expect(await p.drain()).toBe(1)
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      leaseExpiresAt: now + 10_000,
    })
    now += 10_000
    expect(await p.drain()).toBe(1)
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      status: 'Active',
      attempts: 3,
    })
  })

  it('fails after the last attempt of a fault that never clears, with its reason', async () => {
    const id = await newAsset()
    script = ['503', '503', '503']
    const p = processor('p')
    for (let i = 0; i < 3; i++) {
      await p.drain()
      now += 60_000
    }
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      status: 'Failed',
      error: {
        code: 'InvalidParameter',
        message: 'URL: could not be fetched: the server answered HTTP 503',
      },
    })
  })

  it('hands a running attempt back when stopped, for the next process to finish', async () => {
    const id = await newAsset()
    script = ['hang']
    const first = processor('first')
    first.start()
    while (hanging.length === 0) await new Promise((r) => setTimeout(r, 10))
    await first.stop()
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      status: 'Processing',
      leaseOwner: null,
      attempts: 1,
    })
    expect(await processor('second').drain()).toBe(1)
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({
      status: 'Active',
      attempts: 2,
    })
  })

  it('starts at once when woken, instead of at its next poll', async () => {
    const p = processor('p', 60_000)
    p.start()
    await new Promise((r) => setTimeout(r, 50))
    const id = await newAsset()
    p.wake()
    for (
      let i = 0;
      i < 100 && (await kinora.assetStore.getAsset('default', id))?.status !== 'Active';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20))
    }
    await p.stop()
    expect(await kinora.assetStore.getAsset('default', id)).toMatchObject({ status: 'Active' })
  })

  it('keeps no file of an asset deleted while it was being processed', async () => {
    const id = await newAsset()
    const { groupId } = (await kinora.assetStore.getAsset('default', id))!
    script = ['hang']
    const drained = processor('p').drain()
    while (hanging.length === 0) await new Promise((r) => setTimeout(r, 5))
    await resultOf(kinora.app, 'DeleteAsset', { Id: id })
    hanging.shift()!()
    expect(await drained).toBe(1)
    expect(await kinora.assetStore.getAsset('default', id)).toBeNull()
    expect(await kinora.blobs.stat(`assets/${groupId}/${id}/file-1`)).toBeNull()
  })
})
