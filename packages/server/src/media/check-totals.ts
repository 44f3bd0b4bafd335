import { invalidParameter } from '../lib/app-error.js'
import type { AudioInfo } from './inspect-audio.js'
import type { ImageInfo } from './inspect-image.js'
import type { VideoInfo } from './inspect-video.js'
import { DURATION_TOLERANCE_S, formatSeconds, MEDIA_LIMITS } from './media-limits.js'

export interface InspectedItem {
  /** The item's URL field, `content[2].video_url.url`. */
  param: string
  info: ImageInfo | VideoInfo | AudioInfo
}

const NAMES = { video: ['video', 'videos'], audio: ['audio', 'audio clips'] } as const

/**
 * The limits of spec §2.4 that span a request: at most 3 videos and 15 s of video in total, the
 * same for audio. Refuses at the first item that breaks a limit, naming its path. Each item
 * carries the per-item duration slack, so three clips cut to 5 s each are not refused for padding.
 */
export function checkTotals(items: readonly InspectedItem[]): void {
  for (const kind of ['video', 'audio'] as const) {
    const { maxCount, maxTotalSeconds } = MEDIA_LIMITS[kind]
    const [one, many] = NAMES[kind]
    let count = 0
    let seconds = 0
    for (const { param, info } of items) {
      if (info.kind !== kind) continue
      count += 1
      seconds += info.duration
      if (count > maxCount) {
        throw invalidParameter(param, `${param}: at most ${maxCount} ${many} are allowed`)
      }
      if (seconds > maxTotalSeconds + count * DURATION_TOLERANCE_S) {
        throw invalidParameter(
          param,
          `${param}: with this ${one} the ${many} add up to ${formatSeconds(seconds)}; ` +
            `at most ${maxTotalSeconds} s in total`,
        )
      }
    }
  }
}
