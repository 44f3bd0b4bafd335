import { invalidParameter } from '../lib/app-error.js'
import type { ContentItem } from './schema.js'

/** What a create request asks for, decided from its content (spec §2.2, §2.3). */
export type Mode = 'text' | 'first_frame' | 'first_last_frame' | 'reference' | 'edit' | 'extend'

export type MediaKind = 'image' | 'video' | 'audio'

export interface MediaRef {
  /** Index of the item in `content`, for error paths like `content[2].image_url.url`. */
  index: number
  kind: MediaKind
  role: 'first_frame' | 'last_frame' | 'reference_image' | 'reference_video' | 'reference_audio'
  url: string
  /**
   * Where the medium is kept once accepted: data URLs and assets are stored at create time so any
   * worker can read them; http(s) media are fetched by the worker when the task starts.
   */
  blobKey?: string
}

export interface ContentPlan {
  mode: Mode
  /** The raw text item, suffix commands included; null without text. */
  text: string | null
  media: MediaRef[]
  /** The reference sub-mode used, echoed on the task; null outside reference content. */
  omniReferenceTaskType: 'reference' | 'edit' | 'extend' | null
}

const RANK = { text: 0, image_url: 1, video_url: 2, audio_url: 3 } as const
const KIND = { image_url: 'image', video_url: 'video', audio_url: 'audio' } as const
const MAX_TEXT = 10_000

const SCHEMES: Record<MediaKind, { test: RegExp; accepted: string }> = {
  image: {
    test: /^(https?:\/\/\S+|data:image\/(png|jpeg|webp|bmp|tiff|gif);base64,|asset:\/\/\S+$)/i,
    accepted: 'an http(s) URL, data:image/<png|jpeg|webp|bmp|tiff|gif>;base64,… or asset://<id>',
  },
  video: {
    test: /^(https?:\/\/\S+|asset:\/\/\S+$)/i,
    accepted: 'an http(s) URL or asset://<id> (videos cannot be sent as base64)',
  },
  audio: {
    test: /^(https?:\/\/\S+|data:audio\/(wav|mp3);base64,|asset:\/\/\S+$)/i,
    accepted: 'an http(s) URL, data:audio/<wav|mp3>;base64,… or asset://<id>',
  },
}

/** Words by which `auto` recognises an edit request (spec §2.3). */
const EDIT_WORDS =
  /\b(replace|change|swap|turn\s+\S+(\s+\S+)?\s+into|turn into|make\b.*\binto|remove|add)\b/i

/**
 * Checks the content rules of spec §2.1-2.3 and decides the mode. Throws InvalidParameter with the
 * `param` path of the first offending item.
 */
export function planContent(
  content: readonly ContentItem[],
  requestedOmniType: 'auto' | 'reference' | 'edit' | 'extend' | undefined,
  promptForCues: string,
): ContentPlan {
  let text: string | null = null
  const media: MediaRef[] = []
  let lastRank = -1
  content.forEach((item, i) => {
    const rank = RANK[item.type]
    if (rank < lastRank) {
      throw invalidParameter(
        `content[${i}]`,
        `content items must come in the order text, image_url, video_url, audio_url; content[${i}] is a ${item.type} after a later kind`,
      )
    }
    lastRank = rank
    if (item.type === 'text') {
      if (text !== null) {
        throw invalidParameter(
          `content[${i}]`,
          'content may hold at most one text item; merge the texts into one',
        )
      }
      if (item.text.trim() === '')
        throw invalidParameter(`content[${i}].text`, 'text must not be empty')
      if (item.text.length > MAX_TEXT) {
        throw invalidParameter(
          `content[${i}].text`,
          `text is ${item.text.length} characters; send at most ${MAX_TEXT}`,
        )
      }
      text = item.text
      return
    }
    const kind = KIND[item.type]
    const value =
      item.type === 'image_url'
        ? item.image_url
        : item.type === 'video_url'
          ? item.video_url
          : item.audio_url
    const scheme = SCHEMES[kind]
    if (!scheme.test.test(value.url)) {
      throw invalidParameter(
        `content[${i}].${item.type}.url`,
        `${item.type}.url must be ${scheme.accepted}`,
      )
    }
    const role =
      item.role ??
      (kind === 'video' ? 'reference_video' : kind === 'audio' ? 'reference_audio' : undefined)
    media.push({ index: i, kind, role: role as MediaRef['role'], url: value.url })
  })

  const images = media.filter((m) => m.kind === 'image')
  const videos = media.filter((m) => m.kind === 'video')
  const audios = media.filter((m) => m.kind === 'audio')
  if (images.length >= 2) {
    const bare = images.find((m) => m.role === undefined)
    if (bare) {
      throw invalidParameter(
        `content[${bare.index}].role`,
        'with two or more images every image needs a role: first_frame, last_frame or reference_image',
      )
    }
  }
  for (const image of images) image.role ??= 'first_frame'

  const isReference = (m: MediaRef) => m.role.startsWith('reference_')
  const first = media[0]
  if (first) {
    const clash = media.find((m) => isReference(m) !== isReference(first))
    if (clash) {
      throw invalidParameter(
        `content[${clash.index}].role`,
        `${clash.role} cannot be mixed with ${first.role}: use first_frame/last_frame images alone, or reference_* media alone`,
      )
    }
  }

  checkCitations(promptForCues, {
    image: images.length,
    video: videos.length,
    audio: audios.length,
  })

  if (!first || !isReference(first)) {
    if (requestedOmniType !== undefined && requestedOmniType !== 'auto') {
      throw invalidParameter(
        'omni_reference_task_type',
        'omni_reference_task_type applies only to reference content (reference_image, reference_video, reference_audio)',
      )
    }
    return { mode: framesMode(images), text, media, omniReferenceTaskType: null }
  }

  limitCount(images, 9, 'reference images')
  limitCount(videos, 3, 'reference videos')
  limitCount(audios, 3, 'reference audio clips')
  if (audios.length > 0 && images.length + videos.length === 0) {
    throw invalidParameter(
      `content[${audios[0]!.index}]`,
      'reference audio needs at least one reference image or video beside it',
    )
  }
  const omni = referenceSubMode(
    requestedOmniType ?? 'auto',
    images.length,
    videos.length,
    promptForCues,
  )
  return {
    mode: omni === 'reference' ? 'reference' : omni,
    text,
    media,
    omniReferenceTaskType: omni,
  }
}

function framesMode(images: MediaRef[]): Mode {
  if (images.length === 0) return 'text'
  const firsts = images.filter((m) => m.role === 'first_frame')
  const lasts = images.filter((m) => m.role === 'last_frame')
  if (images.length > 2) {
    throw invalidParameter(
      `content[${images[2]!.index}]`,
      'first/last frame mode takes at most two images: one first_frame and one last_frame',
    )
  }
  if (firsts.length > 1) {
    throw invalidParameter(
      `content[${firsts[1]!.index}].role`,
      'only one image can be the first_frame',
    )
  }
  if (lasts.length > 1 || (lasts.length === 1 && firsts.length === 0)) {
    throw invalidParameter(
      `content[${lasts[lasts.length - 1]!.index}].role`,
      'a last_frame image needs exactly one first_frame image beside it',
    )
  }
  return lasts.length === 1 ? 'first_last_frame' : 'first_frame'
}

function limitCount(items: MediaRef[], max: number, what: string): void {
  if (items.length > max) {
    throw invalidParameter(
      `content[${items[max]!.index}]`,
      `at most ${max} ${what} are allowed; got ${items.length}`,
    )
  }
}

function referenceSubMode(
  requested: 'auto' | 'reference' | 'edit' | 'extend',
  images: number,
  videos: number,
  prompt: string,
): 'reference' | 'edit' | 'extend' {
  if (requested === 'edit' && !(videos === 1 && images >= 1)) {
    throw invalidParameter(
      'omni_reference_task_type',
      `edit needs exactly 1 reference video and at least 1 reference image; got ${videos} video(s) and ${images} image(s)`,
    )
  }
  if (requested === 'extend' && !(videos >= 1 && images === 0)) {
    throw invalidParameter(
      'omni_reference_task_type',
      `extend needs 1-3 reference videos and no images; got ${videos} video(s) and ${images} image(s)`,
    )
  }
  if (requested !== 'auto') return requested
  if (videos > 0 && images === 0) return 'extend'
  if (videos === 1 && images > 0 && EDIT_WORDS.test(prompt)) return 'edit'
  return 'reference'
}

const CITATION = /@(image|video|audio)(\d+)/gi

function checkCitations(prompt: string, counts: Record<MediaKind, number>): void {
  for (const match of prompt.matchAll(CITATION)) {
    const kind = match[1]!.toLowerCase() as MediaKind
    const n = Number(match[2])
    if (n < 1 || n > counts[kind]) {
      throw invalidParameter(
        'content[0].text',
        `the prompt cites @${kind}${n} but the request has ${counts[kind]} ${kind}(s); cite @${kind}1…@${kind}${counts[kind]} only`,
      )
    }
  }
}
