import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AssetStore } from '../assets/asset-store.js'
import { resolveAssetInput } from '../assets/resolve-asset-input.js'
import type { BlobStore } from '../blobs/blob-store.js'
import { invalidParameter } from '../lib/app-error.js'
import { checkTotals, type InspectedItem } from '../media/check-totals.js'
import {
  AUDIO_DATA_MIMES,
  IMAGE_DATA_MIMES,
  parseDataUrl,
  realContentType,
} from '../media/data-url.js'
import { inspectAudio } from '../media/inspect-audio.js'
import { inspectImage } from '../media/inspect-image.js'
import { isPublicAddress } from '../media/is-public-address.js'
import { MEDIA_LIMITS } from '../media/media-limits.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import type { MediaRef } from './modes.js'

export interface IngestDeps {
  blobs: BlobStore
  allowPrivateUrls: boolean
  /** Checks images as they are stored (spec §2.7: 400 InputImageSensitiveContentDetected). */
  moderation?: ModerationPolicy
  /** Where `asset://` ids are looked up; without it every asset id is unknown. */
  assetStore?: AssetStore
}

const urlParam = (m: MediaRef) =>
  `content[${m.index}].${m.kind === 'image' ? 'image_url' : m.kind === 'video' ? 'video_url' : 'audio_url'}.url`

/**
 * What spec §2.4 decides at create time: data URLs are decoded strictly, checked (declared type
 * against the real format, size, dimensions, a full decode) and stored as the task's inputs under
 * their real type; http(s) URLs whose host is a literal private address are refused now (names are
 * vetted again when the worker fetches them); `asset://` ids are resolved among the project's
 * Active assets and copied into the task's inputs (assets/resolve-asset-input.ts). What is known
 * then is held to the request-wide totals.
 */
export async function ingestMedia(
  taskId: string,
  projectId: string,
  media: readonly MediaRef[],
  deps: IngestDeps,
): Promise<MediaRef[]> {
  const out: MediaRef[] = []
  const inspected: InspectedItem[] = []
  let scratch: string | undefined
  try {
    for (const m of media) {
      const param = urlParam(m)
      if (m.url.startsWith('data:')) {
        const image = m.kind === 'image'
        const mimes = image ? IMAGE_DATA_MIMES : AUDIO_DATA_MIMES
        const dataUrl = parseDataUrl(m.url, {
          param,
          mimes,
          maxBytes: image ? MEDIA_LIMITS.image.maxBytes : MEDIA_LIMITS.audio.maxBytes,
        })
        const { data } = dataUrl
        const mime = realContentType(dataUrl, { param, mimes })
        scratch ??= await mkdtemp(join(tmpdir(), 'kinora-ingest-'))
        const path = join(scratch, String(m.index))
        await writeFile(path, data)
        if (image) {
          await inspectImage(data, param)
          await deps.moderation?.checkImage(path, param)
        } else inspected.push({ param, info: await inspectAudio(path, param) })
        const key = `tasks/${taskId}/inputs/${m.index}`
        await deps.blobs.putFile(key, path, mime)
        // The payload lives in the blob store now; the task row keeps only its type.
        out.push({ ...m, url: `data:${mime}`, blobKey: key })
      } else if (m.url.toLowerCase().startsWith('asset://')) {
        if (!deps.assetStore) {
          throw invalidParameter(
            param,
            `The specified asset ${m.url.slice('asset://'.length)} is not found`,
          )
        }
        scratch ??= await mkdtemp(join(tmpdir(), 'kinora-ingest-'))
        const { assetStore, blobs } = deps
        const asset = await resolveAssetInput(m, param, {
          assetStore,
          blobs,
          projectId,
          taskId,
          scratch,
        })
        out.push(asset.ref)
        inspected.push(asset.inspected)
      } else {
        refuseLiteralPrivate(m.url, param, deps.allowPrivateUrls)
        out.push(m)
      }
    }
    checkTotals(inspected)
    return out
  } catch (err) {
    await deps.blobs.deletePrefix(`tasks/${taskId}/inputs/`)
    throw err
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true })
  }
}

/** Refuses an http(s) URL whose host is literally private, loopback or link-local (spec §2.4). */
export function refuseLiteralPrivate(url: string, param: string, allowPrivate: boolean): void {
  let host: string
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    throw invalidParameter(
      param,
      `${param}: ${JSON.stringify(url.slice(0, 100))} is not a valid URL`,
    )
  }
  if (allowPrivate) return
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (isIP(host) && !isPublicAddress(host))
  ) {
    throw invalidParameter(
      param,
      `${param}: ${host} is a private, loopback or link-local address; media must be on a public address`,
    )
  }
}
