import { join } from 'node:path'
import type { BlobStore } from '../blobs/blob-store.js'
import type { EngineInput } from '../engines/engine.js'
import { checkTotals } from '../media/check-totals.js'
import { downloadToFile } from '../media/download-to-file.js'
import { inspectAudio } from '../media/inspect-audio.js'
import { inspectImage } from '../media/inspect-image.js'
import { inspectVideo } from '../media/inspect-video.js'
import { MEDIA_LIMITS } from '../media/media-limits.js'
import type { SafeFetchOptions } from '../media/safe-fetch.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import type { MediaRef } from '../tasks/modes.js'

const FIELD = { image: 'image_url', video: 'video_url', audio: 'audio_url' } as const

/**
 * Brings a task's media into its work folder and checks each against spec §2.4: stored inputs come
 * from the blob store, http(s) media through the safe fetcher. A medium that breaks a limit fails
 * the task with `InvalidParameter` naming its `content[i]` path; fetch faults are retryable.
 */
export async function resolveInputs(
  media: readonly MediaRef[],
  workdir: string,
  deps: {
    blobs: BlobStore
    allowPrivateUrls: boolean
    signal: AbortSignal
    /** Checks fetched images (spec §2.7); stored ones were checked at create. */
    moderation?: ModerationPolicy
    /** Replaces name resolution and the address policy of fetches (tests only). */
    fetch?: Pick<SafeFetchOptions, 'isAllowedAddress' | 'lookup'>
  },
): Promise<EngineInput[]> {
  const inputs: EngineInput[] = []
  for (const m of media) {
    const param = `content[${m.index}].${FIELD[m.kind]}.url`
    const path = join(workdir, `input-${m.index}`)
    if (m.blobKey) await deps.blobs.getFile(m.blobKey, path)
    else {
      await downloadToFile(m.url, path, {
        param,
        maxBytes: MEDIA_LIMITS[m.kind].maxBytes,
        allowPrivate: deps.allowPrivateUrls,
        signal: deps.signal,
        ...deps.fetch,
      })
    }
    const opts = { signal: deps.signal }
    const info =
      m.kind === 'image'
        ? await inspectImage(path, param, opts)
        : m.kind === 'video'
          ? await inspectVideo(path, param, opts)
          : await inspectAudio(path, param, opts)
    if (m.kind === 'image' && !m.blobKey) {
      await deps.moderation?.checkImage(path, param, deps.signal)
    }
    inputs.push({
      kind: m.kind,
      role: m.role,
      path,
      info,
      ...(m.blobKey ? { blobKey: m.blobKey } : {}),
    })
  }
  checkTotals(
    inputs.map((input, i) => ({
      param: `content[${media[i]!.index}].${FIELD[input.kind]}.url`,
      info: input.info,
    })),
  )
  return inputs
}
