import type { BlobStore } from '../blobs/blob-store.js'
import { downloadToFile } from '../media/download-to-file.js'
import { inspectAudio, type AudioInfo } from '../media/inspect-audio.js'
import { inspectImage, type ImageInfo } from '../media/inspect-image.js'
import { inspectVideo, type VideoInfo } from '../media/inspect-video.js'
import { MEDIA_LIMITS } from '../media/media-limits.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import { stagedKey } from './asset-keys.js'
import { kindOf, type AssetRecord } from './asset-store.js'

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  gif: 'image/gif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
}

export interface ProbedAsset {
  info: ImageInfo | VideoInfo | AudioInfo
  /** From the sniffed format, never from what the sender declared. */
  contentType: string
}

/**
 * Brings an asset's bytes to `path` and holds them to the limits of spec §2.4 exactly as task media
 * are: an http(s) `URL` through the SSRF-safe fetcher with the size cap of its type, staged bytes
 * (uploads, data URLs) from the blob store; then the same leading-byte and ffmpeg checks, and image
 * moderation (spec §2.7), since tasks that cite an asset skip the checks of fetched media. Throws
 * the AppError of the first broken rule, naming `URL` or `file`.
 */
export async function probeAsset(
  asset: AssetRecord,
  path: string,
  deps: {
    blobs: BlobStore
    allowPrivateUrls: boolean
    moderation?: ModerationPolicy
    signal: AbortSignal
  },
): Promise<ProbedAsset> {
  const kind = kindOf(asset.assetType)
  const { signal } = deps
  const param = asset.sourceUrl === null ? 'file' : 'URL'
  if (asset.sourceUrl === null) await deps.blobs.getFile(stagedKey(asset), path)
  else {
    await downloadToFile(asset.sourceUrl, path, {
      param,
      maxBytes: MEDIA_LIMITS[kind].maxBytes,
      allowPrivate: deps.allowPrivateUrls,
      signal,
    })
  }
  const info =
    kind === 'image'
      ? await inspectImage(path, param, { signal })
      : kind === 'video'
        ? await inspectVideo(path, param, { signal })
        : await inspectAudio(path, param, { signal })
  if (kind === 'image') await deps.moderation?.checkImage(path, param, signal)
  return { info, contentType: CONTENT_TYPES[info.format] ?? 'application/octet-stream' }
}
