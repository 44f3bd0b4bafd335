import { join } from 'node:path'
import { internal } from '../../lib/app-error.js'
import { mediaBinaries } from '../../media/binaries.js'
import type { VideoInfo } from '../../media/inspect-video.js'
import { restrictedInput } from '../../media/restricted-input.js'
import { runProcess } from '../../media/run-process.js'
import { coverSize } from '../conform-video.js'
import type { EngineJob } from '../engine.js'

/** How the model renders: its frame size, rate and frame count. */
export interface RenderShape {
  width: number
  height: number
  fps: number
  length: number
}

/** The VACE guides of a job (protocols.md C), as local mp4 files ready to upload. */
export interface ControlClips {
  /** Frames the model follows (and, under the mask's black, keeps). */
  video?: string
  /** Black where frames are kept, as `ImageToMask` reads its red channel; ComfyUI pads with white. */
  mask?: string
}

const encode = (preset: string) => [
  '-c:v',
  'libx264',
  '-preset',
  preset,
  '-crf',
  '16',
  '-pix_fmt',
  'yuv420p',
  '-an',
  '-f',
  'mp4',
]

/**
 * The control clips of reference, edit and extend (protocols.md C, "VACE"), at the render shape:
 * reference and edit follow the first video (the mask is left out: everything is generated, guided
 * by it); extend joins the videos and keeps as much of their end as leaves at least one second to
 * continue, with a black mask over those kept frames. Other modes need none.
 */
export async function controlClips(
  job: EngineJob,
  shape: RenderShape,
  opts: { workdir: string; preset: string; signal: AbortSignal },
): Promise<ControlClips> {
  const videos = job.inputs.filter((i) => i.kind === 'video')
  const isExtend = job.mode === 'extend'
  if (videos.length === 0 || !['reference', 'edit', 'extend'].includes(job.mode)) return {}
  const used = isExtend ? videos : videos.slice(0, 1)
  const { width: w, height: h, fps } = shape
  const graph = used.map((input, i) => {
    const info = input.info as VideoInfo
    const cover = coverSize(info.width, info.height, w, h)
    return `[${i}:v]scale=${cover.width}:${cover.height},crop=${w}:${h},setsar=1,fps=${fps},format=yuv420p[v${i}]`
  })
  const joined = used.map((_, i) => `[v${i}]`).join('')
  graph.push(`${joined}concat=n=${used.length}:v=1:a=0[joined]`)
  let frames = shape.length
  if (isExtend) {
    const seconds = used.reduce((sum, input) => sum + (input.info as VideoInfo).duration, 0)
    frames = Math.max(1, Math.min(Math.floor(seconds * fps), shape.length - fps))
    graph.push(`[joined]trim=start=${Math.max(0, seconds - frames / fps)},setpts=PTS-STARTPTS[out]`)
  } else graph.push('[joined]null[out]')
  const video = join(opts.workdir, 'control.mp4')
  await ffmpeg(
    [
      ...used.flatMap((input) => restrictedInput('mov', input.path)),
      '-filter_complex',
      graph.join(';'),
      '-map',
      '[out]',
      '-frames:v',
      String(frames),
      ...encode(opts.preset),
      `file:${video}`,
    ],
    opts.signal,
  )
  if (!isExtend) return { video }
  const mask = join(opts.workdir, 'control-mask.mp4')
  await ffmpeg(
    [
      '-f',
      'lavfi',
      '-i',
      `color=c=black:s=${w}x${h}:r=${fps}`,
      '-frames:v',
      String(frames),
      ...encode(opts.preset),
      `file:${mask}`,
    ],
    opts.signal,
  )
  return { video, mask }
}

async function ffmpeg(args: string[], signal: AbortSignal): Promise<void> {
  try {
    await runProcess(
      mediaBinaries().ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-y', ...args],
      {
        signal,
      },
    )
  } catch (err) {
    if (signal.aborted) throw signal.reason
    throw internal(`Preparing the control clips failed: ${(err as Error).message}`, {
      retryable: true,
      cause: err,
    })
  }
}
