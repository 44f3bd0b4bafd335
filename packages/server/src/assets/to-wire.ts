import type { BlobStore } from '../blobs/blob-store.js'
import type { AssetGroupRecord, AssetRecord } from './asset-store.js'
import type { AssetGroupObject, AssetObject } from './schema.js'

/** Epoch ms as the ISO-8601 UTC of spec §1 for assets, to the second: `2026-11-25T12:00:00Z`. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** A stored group as the wire object of spec §3. */
export function groupToWire(group: AssetGroupRecord): AssetGroupObject {
  return {
    Id: group.id,
    Name: group.name,
    Description: group.description,
    GroupType: group.groupType,
    ProjectName: group.projectId,
    CreateTime: isoTime(group.createdAt),
    UpdateTime: isoTime(group.updatedAt),
  }
}

/**
 * A stored asset as the wire object of spec §3. `URL` is signed at read time, valid for
 * `urlTtlSeconds`, and only for an `Active` asset; before that it is empty.
 */
export async function assetToWire(
  asset: AssetRecord,
  blobs: BlobStore,
  urlTtlSeconds: number,
  now: number,
): Promise<AssetObject> {
  return {
    Id: asset.id,
    Name: asset.name,
    URL:
      asset.status === 'Active' && asset.blobKey
        ? await blobs.signedUrl(asset.blobKey, urlTtlSeconds, now)
        : '',
    AssetType: asset.assetType,
    GroupId: asset.groupId,
    Status: asset.status,
    ...(asset.error ? { Error: { Code: asset.error.code, Message: asset.error.message } } : {}),
    ProjectName: asset.projectId,
    CreateTime: isoTime(asset.createdAt),
    UpdateTime: isoTime(asset.updatedAt),
  }
}
