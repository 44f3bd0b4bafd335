import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { formatBytes, MEDIA_LIMITS } from '../media/media-limits.js'
import { describeBytes, readHead, sniff, type Sniffed } from '../media/sniff.js'
import type { MediaKind } from '../tasks/modes.js'
import { UsageError } from './cli-error.js'

/** The reference sub-modes `--mode` picks (spec §2.3 `omni_reference_task_type`). */
export const MODES = ['auto', 'reference', 'edit', 'extend'] as const
export type ReferenceMode = (typeof MODES)[number]

/** The media flags of `kinora generate`, as commander parses them. */
export interface MediaOptions {
  image?: string
  lastImage?: string
  refImage?: string[]
  refVideo?: string[]
  refAudio?: string[]
  mode?: ReferenceMode
}

type Role = 'first_frame' | 'last_frame' | 'reference_image' | 'reference_video' | 'reference_audio'

/** One media flag as given: the content item it becomes, and what a local file turned out to be. */
export interface MediaArg {
  flag: string
  kind: MediaKind
  role: Role
  /** As given on the command line. */
  source: string
  /** Set for a local file (anything but a `scheme://` or `data:` URL). */
  file?: { path: string; format: Sniffed['format']; bytes: number }
}

const FORMATS: Record<MediaKind, string> = {
  image: MEDIA_LIMITS.image.formats.join(', '),
  video: `${MEDIA_LIMITS.video.formats.join(' or ')} (uploaded as an asset)`,
  audio: MEDIA_LIMITS.audio.formats.join(' or '),
}

const A_KIND: Record<MediaKind, string> = { image: 'an image', video: 'a video', audio: 'an audio' }

/** URLs are passed to the server as given; it names the schemes it accepts (spec §2.1). */
const isUrl = (source: string) => /^([a-z][a-z0-9+.-]*:\/\/|data:)/i.test(source)

function checkCombination(o: MediaOptions): void {
  const refs = [...(o.refImage ?? []), ...(o.refVideo ?? []), ...(o.refAudio ?? [])]
  if (o.lastImage !== undefined && o.image === undefined) {
    throw new UsageError('--last-image needs --image (the first frame) beside it')
  }
  if (o.image !== undefined && refs.length > 0) {
    throw new UsageError(
      '--image/--last-image (first and last frame) cannot be combined with --ref-image, --ref-video or --ref-audio (reference media); use one kind or the other',
    )
  }
  const limits = [
    ['--ref-image', o.refImage, 9],
    ['--ref-video', o.refVideo, MEDIA_LIMITS.video.maxCount],
    ['--ref-audio', o.refAudio, MEDIA_LIMITS.audio.maxCount],
  ] as const
  for (const [flag, given = [], max] of limits) {
    if (given.length > max) {
      throw new UsageError(`${flag} may be given at most ${max} times; got ${given.length}`)
    }
  }
  const images = o.refImage?.length ?? 0
  const videos = o.refVideo?.length ?? 0
  if ((o.refAudio?.length ?? 0) > 0 && images + videos === 0) {
    throw new UsageError('--ref-audio needs at least one --ref-image or --ref-video beside it')
  }
  if (o.mode === undefined || o.mode === 'auto') return
  if (refs.length === 0) {
    throw new UsageError(
      `--mode ${o.mode} applies only to reference media: add --ref-image, --ref-video or --ref-audio`,
    )
  }
  if (o.mode === 'edit' && !(videos === 1 && images >= 1)) {
    throw new UsageError(
      `--mode edit needs exactly one --ref-video (the video to change) and at least one --ref-image; got ${videos} video(s) and ${images} image(s)`,
    )
  }
  if (o.mode === 'extend' && !(videos >= 1 && images === 0)) {
    throw new UsageError(
      `--mode extend needs 1-3 --ref-video and no --ref-image; got ${videos} video(s) and ${images} image(s)`,
    )
  }
}

/** A local file: it must exist, be of the flag's kind by its leading bytes, and within size. */
async function inspectFile(arg: MediaArg): Promise<MediaArg> {
  const path = resolve(arg.source)
  const where = `${arg.flag} ${arg.source}`
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) {
    throw new UsageError(
      `${where}: ${info ? 'not a file' : 'no such file'}; give ${A_KIND[arg.kind]} file, an http(s) URL or asset://<id>`,
    )
  }
  const head = await readHead(path)
  const found = sniff(head)
  if (found?.kind !== arg.kind) {
    throw new UsageError(
      `${where} is ${describeBytes(head)}; ${arg.flag} takes ${FORMATS[arg.kind]}`,
    )
  }
  const max = MEDIA_LIMITS[arg.kind].maxBytes
  if (arg.kind === 'image' ? info.size >= max : info.size > max) {
    throw new UsageError(
      `${where} is ${formatBytes(info.size)}; ${A_KIND[arg.kind]} file must be ${arg.kind === 'image' ? 'under' : 'at most'} ${formatBytes(max)}`,
    )
  }
  return { ...arg, file: { path, format: found.format, bytes: info.size } }
}

/**
 * The media flags of `kinora generate` in content order (images, videos, audio: spec §2.1), each
 * with its role (§2.2). Checks what the command line alone decides: flag combinations, counts and
 * `--mode` (§2.3), and that each local file exists and is of the flag's kind. Throws
 * {@link UsageError} before anything is read in full or uploaded.
 */
export async function mediaArgs(o: MediaOptions): Promise<MediaArg[]> {
  checkCombination(o)
  const given: [string, MediaKind, Role, string[]][] = [
    ['--image', 'image', 'first_frame', o.image === undefined ? [] : [o.image]],
    ['--last-image', 'image', 'last_frame', o.lastImage === undefined ? [] : [o.lastImage]],
    ['--ref-image', 'image', 'reference_image', o.refImage ?? []],
    ['--ref-video', 'video', 'reference_video', o.refVideo ?? []],
    ['--ref-audio', 'audio', 'reference_audio', o.refAudio ?? []],
  ]
  const args = given.flatMap(([flag, kind, role, sources]) =>
    sources.map((source): MediaArg => ({ flag, kind, role, source })),
  )
  return Promise.all(args.map((arg) => (isUrl(arg.source) ? arg : inspectFile(arg))))
}
