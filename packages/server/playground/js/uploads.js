// @ts-check
/** Files from the visitor's disk: read as data URLs, or uploaded as assets (UploadAsset, spec §3). */
import { api } from './api.js'
import { emit } from './dom.js'

/** The group the composer's uploads go to, made on first use. */
export const UPLOAD_GROUP = 'Playground uploads'

/** @type {Promise<string> | undefined} */
let groupId

/** The id of the upload group, created when the project has none. */
function uploadGroup() {
  groupId ??= (async () => {
    const { Items } = await api().assets.listGroups({
      Filter: { Name: UPLOAD_GROUP },
      PageSize: 100,
    })
    const found = Items.find((g) => g.Name === UPLOAD_GROUP)
    if (found) return found.Id
    const { Id } = await api().assets.createGroup({
      Name: UPLOAD_GROUP,
      Description: 'Files uploaded from the playground composer',
    })
    return Id
  })()
  groupId.catch(() => (groupId = undefined))
  return groupId
}

/**
 * A file as a `data:` URL (images and audio may be sent inline, spec §2.1).
 * @param {File} file
 * @returns {Promise<string>}
 */
export function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

/**
 * Uploads `file` as an asset of `type` and waits until the server has probed it; resolves to the
 * Active asset, or throws with the server's reason when it failed.
 * @param {File} file
 * @param {'Image' | 'Video' | 'Audio'} type
 * @param {{ groupId?: string, name?: string, onStatus?: (text: string) => void }} [options]
 */
export async function uploadAsset(file, type, options = {}) {
  const { onStatus = () => {} } = options
  onStatus(`Uploading ${file.name}…`)
  const { Id } = await api().assets.upload({
    GroupId: options.groupId ?? (await uploadGroup()),
    AssetType: type,
    Name: (options.name || file.name).slice(0, 64),
    file,
    filename: file.name,
  })
  emit('assets-changed')
  onStatus(`Processing ${file.name} on the server…`)
  const asset = await api().assets.wait(Id, { pollInterval: 700 })
  emit('assets-changed')
  if (asset.Status !== 'Active') {
    const error = new Error(asset.Error?.Message ?? `The asset ${Id} failed`)
    error.name = asset.Error?.Code ?? 'AssetFailed'
    throw error
  }
  return asset
}
