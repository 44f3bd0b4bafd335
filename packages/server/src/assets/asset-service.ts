import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BlobStore } from '../blobs/blob-store.js'
import { invalidParameter, notFound } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import {
  AUDIO_DATA_MIMES,
  IMAGE_DATA_MIMES,
  parseDataUrl,
  realContentType,
} from '../media/data-url.js'
import { MEDIA_LIMITS } from '../media/media-limits.js'
import { newId } from '../tasks/ids.js'
import { refuseLiteralPrivate } from '../tasks/ingest.js'
import { assetPrefix, groupPrefix, stagedKey } from './asset-keys.js'
import {
  kindOf,
  type AssetGroupRecord,
  type AssetRecord,
  type AssetSort,
  type AssetStore,
  type AssetType,
} from './asset-store.js'
import type {
  CreateAssetBody,
  CreateAssetGroupBody,
  ListAssetGroupsBody,
  ListAssetsBody,
  UpdateAssetBody,
  UpdateAssetGroupBody,
  UploadAssetFields,
} from './schema.js'

export interface AssetServiceDeps {
  assetStore: AssetStore
  blobs: BlobStore
  clock: Clock
  /** `KINORA_ALLOW_PRIVATE_URLS`: asset URLs may point at private addresses. */
  allowPrivateUrls: boolean
  /** Called after an asset is stored `Processing`, so an in-process processor starts at once. */
  onCreated?: () => void
}

export type AssetService = ReturnType<typeof createAssetService>

const SORT_FIELDS = { CreateTime: 'createdAt', UpdateTime: 'updatedAt', Name: 'name' } as const

/** Paging and order of a list body, with spec §3's defaults: page 1 of 10, newest first. */
function pageOf(body: ListAssetGroupsBody | ListAssetsBody) {
  const sort: AssetSort = {
    sortBy: SORT_FIELDS[body.SortBy ?? 'CreateTime'],
    sortOrder: body.SortOrder === 'Asc' ? 'asc' : 'desc',
  }
  return { pageNumber: body.PageNumber ?? 1, pageSize: body.PageSize ?? 10, ...sort }
}

/**
 * Asset groups and assets of spec §3, independent of HTTP. Another project's groups and assets are
 * answered exactly like unknown ones. Assets are only stored and staged here; fetching and probing
 * happen in the background (asset-processor.ts).
 */
export function createAssetService(deps: AssetServiceDeps) {
  const { assetStore: store, blobs, clock } = deps

  async function getGroup(projectId: string, id: string): Promise<AssetGroupRecord> {
    const group = await store.getGroup(projectId, id)
    if (!group) throw notFound('asset group', id)
    return group
  }

  async function getAsset(projectId: string, id: string): Promise<AssetRecord> {
    const asset = await store.getAsset(projectId, id)
    if (!asset) throw notFound('asset', id)
    return asset
  }

  async function createGroup(projectId: string, body: CreateAssetGroupBody) {
    const now = clock.now()
    const group: AssetGroupRecord = {
      id: newId('group', now),
      projectId,
      name: body.Name,
      description: body.Description ?? '',
      groupType: 'AIGC',
      createdAt: now,
      updatedAt: now,
    }
    await store.createGroup(group)
    return group
  }

  async function updateGroup(projectId: string, body: UpdateAssetGroupBody) {
    const patch = {
      ...(body.Name === undefined ? {} : { name: body.Name }),
      ...(body.Description === undefined ? {} : { description: body.Description }),
    }
    const updated = await store.updateGroup(projectId, body.Id, patch, clock.now())
    if (!updated) throw notFound('asset group', body.Id)
    return updated
  }

  /** Spec §3: deleting a group deletes its assets, rows first so no processor can settle them. */
  async function deleteGroup(projectId: string, id: string): Promise<void> {
    await getGroup(projectId, id)
    await store.deleteGroup(projectId, id)
    await blobs.deletePrefix(groupPrefix(id))
  }

  /** Stores a new `Processing` asset: bytes staged from `path` now, or fetched from `url` later. */
  async function insert(
    group: AssetGroupRecord,
    fields: { AssetType: AssetType; Name?: string | undefined },
    source: { url: string } | { path: string; contentType: string },
  ): Promise<AssetRecord> {
    const now = clock.now()
    const asset: AssetRecord = {
      id: newId('asset', now),
      projectId: group.projectId,
      groupId: group.id,
      name: fields.Name ?? '',
      assetType: fields.AssetType,
      status: 'Processing',
      error: null,
      sourceUrl: 'url' in source ? source.url : null,
      blobKey: null,
      contentType: null,
      info: null,
      attempts: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    }
    if ('path' in source) await blobs.putFile(stagedKey(asset), source.path, source.contentType)
    try {
      await store.createAsset(asset)
    } catch (err) {
      await blobs.deletePrefix(assetPrefix(asset))
      // The group was deleted meanwhile (the row references it): answer as for an unknown group.
      if (!(await store.getGroup(group.projectId, group.id)))
        throw notFound('asset group', group.id)
      throw err
    }
    deps.onCreated?.()
    return asset
  }

  /**
   * CreateAsset: an http(s) URL is vetted now (scheme, literal private addresses) and fetched by
   * the processor; a data URL is decoded strictly and staged. Videos cannot be sent as data URLs,
   * as in tasks (spec §2.1): upload them with UploadAsset.
   */
  async function createAsset(projectId: string, body: CreateAssetBody): Promise<AssetRecord> {
    const group = await getGroup(projectId, body.GroupId)
    const kind = kindOf(body.AssetType)
    if (/^https?:\/\//i.test(body.URL)) {
      refuseLiteralPrivate(body.URL, 'URL', deps.allowPrivateUrls)
      return insert(group, body, { url: body.URL })
    }
    if (!/^data:/i.test(body.URL)) {
      throw invalidParameter(
        'URL',
        'URL must be an http(s) URL or a data URL (data:<type>;base64,…); to send a local file use UploadAsset',
      )
    }
    if (kind === 'video') {
      throw invalidParameter(
        'URL',
        'URL: a Video asset cannot be sent as a data URL; send an http(s) URL or upload the file with UploadAsset',
      )
    }
    const mimes = kind === 'image' ? IMAGE_DATA_MIMES : AUDIO_DATA_MIMES
    const url = parseDataUrl(body.URL, {
      param: 'URL',
      mimes,
      maxBytes: MEDIA_LIMITS[kind].maxBytes,
    })
    const contentType = realContentType(url, { param: 'URL', mimes })
    const dir = await mkdtemp(join(tmpdir(), 'kinora-asset-'))
    try {
      const path = join(dir, 'data')
      await writeFile(path, url.data)
      return await insert(group, body, { path, contentType })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  /** UploadAsset: the received file (already within its type's size cap) is staged. */
  async function uploadAsset(projectId: string, fields: UploadAssetFields, path: string) {
    const group = await getGroup(projectId, fields.GroupId)
    return insert(group, fields, { path, contentType: 'application/octet-stream' })
  }

  async function listGroups(projectId: string, body: ListAssetGroupsBody) {
    const page = pageOf(body)
    const { Name: name, GroupIds: groupIds } = body.Filter ?? {}
    const found = await store.listGroups({
      projectId,
      ...page,
      ...(name ? { name } : {}),
      ...(groupIds ? { groupIds } : {}),
    })
    return { ...found, ...page }
  }

  async function listAssets(projectId: string, body: ListAssetsBody) {
    const page = pageOf(body)
    const { Name: name, GroupIds: groupIds, Statuses: statuses } = body.Filter ?? {}
    const found = await store.listAssets({
      projectId,
      ...page,
      ...(name ? { name } : {}),
      ...(groupIds ? { groupIds } : {}),
      ...(statuses ? { statuses } : {}),
    })
    return { ...found, ...page }
  }

  async function updateAsset(projectId: string, body: UpdateAssetBody): Promise<AssetRecord> {
    const asset = await getAsset(projectId, body.Id)
    if (body.Name === undefined) return asset
    const renamed = await store.renameAsset(projectId, body.Id, body.Name, clock.now())
    if (!renamed) throw notFound('asset', body.Id)
    return renamed
  }

  /**
   * Deletes an asset and its files. Tasks that cite it keep working: they hold their own copy,
   * made when they were accepted (resolve-asset-input.ts).
   */
  async function deleteAsset(projectId: string, id: string): Promise<void> {
    const asset = await getAsset(projectId, id)
    await store.deleteAsset(projectId, id)
    await blobs.deletePrefix(assetPrefix(asset))
  }

  return {
    createGroup,
    getGroup,
    listGroups,
    updateGroup,
    deleteGroup,
    createAsset,
    uploadAsset,
    getAsset,
    listAssets,
    updateAsset,
    deleteAsset,
  }
}
