import type { AudioInfo } from '../media/inspect-audio.js'
import type { ImageInfo } from '../media/inspect-image.js'
import type { VideoInfo } from '../media/inspect-video.js'

export type AssetType = 'Image' | 'Video' | 'Audio'
export type AssetStatus = 'Processing' | 'Active' | 'Failed'

/** The medium kind of spec §2.4 that an AssetType is held to. */
export const kindOf = (type: AssetType): 'image' | 'video' | 'audio' =>
  type === 'Image' ? 'image' : type === 'Video' ? 'video' : 'audio'

/** An asset group (spec §3): a named folder of assets in one project. */
export interface AssetGroupRecord {
  id: string
  projectId: string
  name: string
  description: string
  groupType: 'AIGC'
  /** Epoch ms. */
  createdAt: number
  updatedAt: number
}

/**
 * An asset (spec §3). It starts `Processing`; the asset processor fetches or reads its bytes,
 * probes them against spec §2.4 and settles it `Active` (with `blobKey`) or `Failed` (`error`).
 */
export interface AssetRecord {
  id: string
  projectId: string
  groupId: string
  name: string
  assetType: AssetType
  status: AssetStatus
  error: { code: string; message: string } | null
  /** The http(s) URL to fetch; null when the bytes were staged in the blob store at create. */
  sourceUrl: string | null
  /** The probed file, set once `Active`; Kinora-made, never derived from a name. */
  blobKey: string | null
  contentType: string | null
  /** What the probe found, set once `Active`. */
  info: ImageInfo | VideoInfo | AudioInfo | null
  /** Processing claims started so far. */
  attempts: number
  leaseOwner: string | null
  /** Epoch ms; a `Processing` asset is claimable once this has passed (or while it is null). */
  leaseExpiresAt: number | null
  createdAt: number
  updatedAt: number
}

/** How lists are ordered (spec §3 `SortBy`, `SortOrder`); ties go by creation order. */
export interface AssetSort {
  sortBy: 'createdAt' | 'updatedAt' | 'name'
  sortOrder: 'asc' | 'desc'
}

export interface AssetPage {
  /** 1-based. */
  pageNumber: number
  pageSize: number
}

export interface AssetGroupListQuery extends AssetSort, AssetPage {
  projectId: string
  /** Case-insensitive substring of the name. */
  name?: string
  groupIds?: string[]
}

export interface AssetListQuery extends AssetSort, AssetPage {
  projectId: string
  name?: string
  groupIds?: string[]
  statuses?: AssetStatus[]
}

/** How a processing attempt ends. */
export type AssetSettlement =
  | {
      status: 'Active'
      blobKey: string
      contentType: string
      info: ImageInfo | VideoInfo | AudioInfo
    }
  | { status: 'Failed'; error: { code: string; message: string } }

/**
 * Storage for asset groups and assets, beside the task store in the same database (its own tables,
 * migration 3). Drivers: SQLite and PostgreSQL. Every read and write by id is scoped by project in
 * the query itself, so another project's ids behave exactly like unknown ones.
 *
 * Processing is a lease on the asset row itself, so it survives restarts: `claimAsset` takes the
 * oldest `Processing` asset whose lease is free or expired; only the lease holder can settle it.
 */
export interface AssetStore {
  createGroup(group: AssetGroupRecord): Promise<void>
  getGroup(projectId: string, id: string): Promise<AssetGroupRecord | null>
  listGroups(query: AssetGroupListQuery): Promise<{ total: number; items: AssetGroupRecord[] }>
  /** Applies the patch; null when the group does not exist. */
  updateGroup(
    projectId: string,
    id: string,
    patch: Partial<Pick<AssetGroupRecord, 'name' | 'description'>>,
    now: number,
  ): Promise<AssetGroupRecord | null>
  /** Deletes the group and, with it, every asset in it; false when it did not exist. */
  deleteGroup(projectId: string, id: string): Promise<boolean>

  createAsset(asset: AssetRecord): Promise<void>
  getAsset(projectId: string, id: string): Promise<AssetRecord | null>
  listAssets(query: AssetListQuery): Promise<{ total: number; items: AssetRecord[] }>
  renameAsset(projectId: string, id: string, name: string, now: number): Promise<AssetRecord | null>
  deleteAsset(projectId: string, id: string): Promise<boolean>

  /** Leases the oldest claimable `Processing` asset to `owner` and counts the attempt. */
  claimAsset(owner: string, leaseMs: number, now: number): Promise<AssetRecord | null>
  /** Ends processing, if `owner` still holds the lease of a `Processing` asset; else null. */
  settleAsset(
    id: string,
    owner: string,
    settlement: AssetSettlement,
    now: number,
  ): Promise<AssetRecord | null>
  /** Gives the lease back; the asset is claimable again from `notBefore`. False if not held. */
  releaseAsset(id: string, owner: string, notBefore: number): Promise<boolean>
}
