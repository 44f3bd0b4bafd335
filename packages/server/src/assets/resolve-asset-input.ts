import { join } from 'node:path'
import type { BlobStore } from '../blobs/blob-store.js'
import { invalidParameter, isAppError } from '../lib/app-error.js'
import type { InspectedItem } from '../media/check-totals.js'
import type { MediaRef } from '../tasks/modes.js'
import { kindOf, type AssetRecord, type AssetStore } from './asset-store.js'

export interface AssetInputDeps {
  assetStore: AssetStore
  blobs: BlobStore
  /** The project of the task: another project's assets are answered as unknown. */
  projectId: string
  taskId: string
  /** A private folder for the copy on its way between blobs. */
  scratch: string
}

const A_KIND = { image: 'an image', video: 'a video', audio: 'audio' } as const

/** Spec §2.4's message for an asset the task cannot use (the store never shows another project's). */
function unusable(param: string, id: string, asset: AssetRecord | null) {
  const base = `The specified asset ${id} is not found`
  if (!asset) return invalidParameter(param, base)
  const why =
    asset.status === 'Processing'
      ? 'it is still Processing; wait until GetAsset shows Status Active'
      : `its processing Failed (${asset.error?.code ?? 'unknown'}); create it again`
  return invalidParameter(param, `${base} among Active assets: ${why}`)
}

/**
 * Resolves the `asset://<id>` of one media item at task create (spec §2.4): the asset must belong
 * to the task's project, be `Active` and be of the item's kind, else 400 `InvalidParameter` with
 * the spec's messages. Its file is copied into the task's own inputs, so a task that was accepted
 * keeps working if the asset is deleted later. Returns the item with its `blobKey` and what the
 * asset's probe found, for the request-wide limits.
 */
export async function resolveAssetInput(
  m: MediaRef,
  param: string,
  deps: AssetInputDeps,
): Promise<{ ref: MediaRef; inspected: InspectedItem }> {
  const id = m.url.slice('asset://'.length)
  const asset = await deps.assetStore.getAsset(deps.projectId, id)
  if (!asset || asset.status !== 'Active') {
    throw unusable(param, id, asset)
  }
  if (kindOf(asset.assetType) !== m.kind || !asset.blobKey || !asset.info) {
    throw invalidParameter(
      param,
      `The specified asset ${id} is not ${A_KIND[m.kind]} (it is ${asset.assetType === 'Video' ? 'a' : 'an'} ${asset.assetType} asset); cite it as ${kindOf(asset.assetType)}_url`,
    )
  }
  const path = join(deps.scratch, `asset-${m.index}`)
  try {
    await deps.blobs.getFile(asset.blobKey, path)
  } catch (err) {
    // Deleted between the lookup and the copy: as if it had never been there.
    if (isAppError(err) && err.status === 404) throw unusable(param, id, null)
    throw err
  }
  const key = `tasks/${deps.taskId}/inputs/${m.index}`
  await deps.blobs.putFile(key, path, asset.contentType ?? 'application/octet-stream')
  return { ref: { ...m, blobKey: key }, inspected: { param, info: asset.info } }
}
