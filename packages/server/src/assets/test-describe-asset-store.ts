import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AssetGroupRecord, AssetRecord, AssetStore } from './asset-store.js'

export interface AssetStoreFixture {
  assets: AssetStore
  cleanup(): Promise<void>
}

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)
let serial = 0

export function testGroup(over: Partial<AssetGroupRecord> = {}): AssetGroupRecord {
  serial += 1
  return {
    id: `group-20261125120000-g${String(serial).padStart(4, '0')}`,
    projectId: 'p1',
    name: `group ${serial}`,
    description: '',
    groupType: 'AIGC',
    createdAt: T0 + serial,
    updatedAt: T0 + serial,
    ...over,
  }
}

export function testAsset(groupId: string, over: Partial<AssetRecord> = {}): AssetRecord {
  serial += 1
  return {
    id: `asset-20261125120000-a${String(serial).padStart(4, '0')}`,
    projectId: 'p1',
    groupId,
    name: `asset ${serial}`,
    assetType: 'Image',
    status: 'Processing',
    error: null,
    sourceUrl: 'https://example.com/a.png',
    blobKey: null,
    contentType: null,
    info: null,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: T0 + serial,
    updatedAt: T0 + serial,
    ...over,
  }
}

const IMAGE_INFO = { kind: 'image', format: 'png', width: 640, height: 480, bytes: 1234 } as const
const sort = { sortBy: 'createdAt', sortOrder: 'desc' } as const
const page = { pageNumber: 1, pageSize: 10 }
const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id)

/** The behaviour every AssetStore driver shares; `open` gives an empty store each time. */
export function describeAssetStore(name: string, open: () => Promise<AssetStoreFixture>) {
  describe(`AssetStore: ${name}`, () => {
    let f: AssetStoreFixture
    let s: AssetStore
    beforeEach(async () => {
      f = await open()
      s = f.assets
    })
    afterEach(() => f.cleanup())

    it('reads back groups and assets exactly, and null for ids it does not hold', async () => {
      const g = testGroup({ description: 'line one\nline two' })
      await s.createGroup(g)
      const a = testAsset(g.id, { error: null, info: null })
      await s.createAsset(a)
      expect(await s.getGroup('p1', g.id)).toStrictEqual(g)
      expect(await s.getAsset('p1', a.id)).toStrictEqual(a)
      expect(await s.getGroup('p1', 'group-none')).toBeNull()
      expect(await s.getAsset('p1', 'asset-none')).toBeNull()
    })

    it('lists only the project groups, filtered by name and ids, paged and sorted', async () => {
      const a = testGroup({ name: 'Hero Characters' })
      const b = testGroup({ name: 'products' })
      const c = testGroup({ name: 'characters, minor' })
      const other = testGroup({ projectId: 'p2', name: 'characters of p2' })
      for (const g of [a, b, c, other]) await s.createGroup(g)
      const list = (q = {}) => s.listGroups({ projectId: 'p1', ...sort, ...page, ...q })
      expect(await list()).toMatchObject({ total: 3 })
      expect(ids(await list())).toEqual([c.id, b.id, a.id])
      expect(ids(await list({ sortOrder: 'asc' }))).toEqual([a.id, b.id, c.id])
      expect(ids(await list({ name: 'CHARACTER' }))).toEqual([c.id, a.id])
      expect(ids(await list({ groupIds: [a.id, b.id, other.id] }))).toEqual([b.id, a.id])
      expect(ids(await list({ sortBy: 'name', sortOrder: 'asc' }))).toEqual([a.id, c.id, b.id])
      const second = await list({ pageNumber: 2, pageSize: 2 })
      expect(second.total).toBe(3)
      expect(ids(second)).toEqual([a.id])
    })

    it('updates only the given group fields and answers null for an unknown group', async () => {
      const g = testGroup({ description: 'old' })
      await s.createGroup(g)
      const renamed = await s.updateGroup('p1', g.id, { name: 'new name' }, T0 + 99)
      expect(renamed).toStrictEqual({ ...g, name: 'new name', updatedAt: T0 + 99 })
      const described = await s.updateGroup('p1', g.id, { description: '' }, T0 + 100)
      expect(described).toMatchObject({ name: 'new name', description: '', updatedAt: T0 + 100 })
      expect(await s.updateGroup('p1', 'group-none', { name: 'x' }, T0)).toBeNull()
    })

    it('deletes a group with every asset in it, and only those', async () => {
      const g = testGroup()
      const keep = testGroup()
      await s.createGroup(g)
      await s.createGroup(keep)
      const gone = [testAsset(g.id), testAsset(g.id, { status: 'Active' })]
      const kept = testAsset(keep.id)
      for (const a of [...gone, kept]) await s.createAsset(a)
      expect(await s.deleteGroup('p1', g.id)).toBe(true)
      expect(await s.deleteGroup('p1', g.id)).toBe(false)
      for (const a of gone) expect(await s.getAsset('p1', a.id)).toBeNull()
      expect(await s.getAsset('p1', kept.id)).toStrictEqual(kept)
    })

    it('lists assets by group, status and name within the project', async () => {
      const g = testGroup()
      const h = testGroup()
      const elsewhere = testGroup({ projectId: 'p2' })
      for (const x of [g, h, elsewhere]) await s.createGroup(x)
      const a = testAsset(g.id, { name: 'Mira front', status: 'Active' })
      const b = testAsset(g.id, { name: 'mira side', status: 'Failed' })
      const c = testAsset(h.id, { name: 'bottle' })
      const d = testAsset(elsewhere.id, { projectId: 'p2', name: 'mira of p2' })
      for (const x of [a, b, c, d]) await s.createAsset(x)
      const list = (q = {}) => s.listAssets({ projectId: 'p1', ...sort, ...page, ...q })
      expect(ids(await list())).toEqual([c.id, b.id, a.id])
      expect(ids(await list({ groupIds: [g.id] }))).toEqual([b.id, a.id])
      expect(ids(await list({ statuses: ['Active', 'Processing'] }))).toEqual([c.id, a.id])
      expect(ids(await list({ name: 'MIRA' }))).toEqual([b.id, a.id])
      expect(await list({ pageSize: 1, pageNumber: 3 })).toMatchObject({ total: 3 })
    })

    it('renames and deletes assets, answering null or false for unknown ones', async () => {
      const g = testGroup()
      await s.createGroup(g)
      const a = testAsset(g.id)
      await s.createAsset(a)
      expect(await s.renameAsset('p1', a.id, 'renamed', T0 + 50)).toStrictEqual({
        ...a,
        name: 'renamed',
        updatedAt: T0 + 50,
      })
      expect(await s.renameAsset('p1', 'asset-none', 'x', T0)).toBeNull()
      expect(await s.deleteAsset('p1', a.id)).toBe(true)
      expect(await s.deleteAsset('p1', a.id)).toBe(false)
    })

    it("answers another project's ids exactly like unknown ones, for reads and writes", async () => {
      const g = testGroup()
      await s.createGroup(g)
      const a = testAsset(g.id)
      await s.createAsset(a)
      expect(await s.getGroup('p2', g.id)).toBeNull()
      expect(await s.getAsset('p2', a.id)).toBeNull()
      expect(await s.updateGroup('p2', g.id, { name: 'taken' }, T0 + 1)).toBeNull()
      expect(await s.renameAsset('p2', a.id, 'taken', T0 + 1)).toBeNull()
      expect(await s.deleteAsset('p2', a.id)).toBe(false)
      expect(await s.deleteGroup('p2', g.id)).toBe(false)
      expect(await s.getGroup('p1', g.id)).toStrictEqual(g)
      expect(await s.getAsset('p1', a.id)).toStrictEqual(a)
    })

    it('leases the oldest processing asset once, and again only after the lease ran out', async () => {
      const g = testGroup()
      await s.createGroup(g)
      const done = testAsset(g.id, { status: 'Active' })
      const first = testAsset(g.id)
      const second = testAsset(g.id)
      for (const a of [done, first, second]) await s.createAsset(a)
      const now = T0 + 1000
      expect(await s.claimAsset('w1', 5000, now)).toMatchObject({
        id: first.id,
        leaseOwner: 'w1',
        leaseExpiresAt: now + 5000,
        attempts: 1,
      })
      expect((await s.claimAsset('w2', 5000, now))?.id).toBe(second.id)
      expect(await s.claimAsset('w3', 5000, now + 4999)).toBeNull()
      const retaken = await s.claimAsset('w3', 5000, now + 5000)
      expect(retaken).toMatchObject({ id: first.id, leaseOwner: 'w3', attempts: 2 })
    })

    it('settles an asset only for the lease holder, and only once', async () => {
      const g = testGroup()
      await s.createGroup(g)
      const a = testAsset(g.id)
      const b = testAsset(g.id)
      await s.createAsset(a)
      await s.createAsset(b)
      await s.claimAsset('w1', 5000, T0)
      await s.claimAsset('w1', 5000, T0)
      const active = {
        status: 'Active',
        blobKey: `assets/${g.id}/${a.id}/1`,
        contentType: 'image/png',
        info: IMAGE_INFO,
      } as const
      expect(await s.settleAsset(a.id, 'w2', active, T0 + 1)).toBeNull()
      expect(await s.settleAsset(a.id, 'w1', active, T0 + 1)).toStrictEqual({
        ...a,
        ...active,
        info: { ...IMAGE_INFO },
        attempts: 1,
        updatedAt: T0 + 1,
      })
      expect(await s.settleAsset(a.id, 'w1', active, T0 + 2)).toBeNull()
      const error = { code: 'InvalidParameter', message: 'URL: not an image' }
      expect(await s.settleAsset(b.id, 'w1', { status: 'Failed', error }, T0 + 3)).toMatchObject({
        status: 'Failed',
        error,
        blobKey: null,
        leaseOwner: null,
      })
      expect(await s.claimAsset('w1', 5000, T0 + 10_000)).toBeNull()
    })

    it('gives a lease back for a later retry, but not a lease it does not hold', async () => {
      const g = testGroup()
      await s.createGroup(g)
      const a = testAsset(g.id)
      await s.createAsset(a)
      await s.claimAsset('w1', 60_000, T0)
      expect(await s.releaseAsset(a.id, 'w2', T0)).toBe(false)
      expect(await s.releaseAsset(a.id, 'w1', T0 + 3000)).toBe(true)
      expect(await s.claimAsset('w2', 60_000, T0 + 2999)).toBeNull()
      expect(await s.claimAsset('w2', 60_000, T0 + 3000)).toMatchObject({ id: a.id, attempts: 2 })
    })

    it('hands each asset to one claimer when many claim at once', async () => {
      const g = testGroup()
      await s.createGroup(g)
      const made = [1, 2, 3, 4, 5].map(() => testAsset(g.id))
      for (const a of made) await s.createAsset(a)
      const claims = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((n) => s.claimAsset(`w${n}`, 5000, T0)),
      )
      const got = claims.filter((c) => c !== null).map((c) => c.id)
      expect(got.sort()).toEqual(made.map((a) => a.id).sort())
    })
  })
}
