import { createCanvas, type Canvas } from '@napi-rs/canvas'
import { internal } from '../../../lib/app-error.js'
import type { FrameSourceFactory } from './frame-source.js'
import { createMotionTracker, type Travel } from './global-motion.js'
import { inputSoundtrack } from './input-soundtrack.js'
import { drawable, videoShot, type VideoShot } from './shots.js'
import { drawTransition, fadeToBlack } from './transition.js'
import { putFrame } from './video-frames.js'

/** Frames of the dissolve joining two videos, and of the fade when the inputs are trimmed. */
const JOIN = 12
/** The continued camera travels at most this share of the frame's width or height in all. */
const MAX_TRAVEL = 0.08
/** The continuation pushes in this much over its length, so even a locked-off shot stays alive. */
const DRIFT_ZOOM = 0.03

interface Segment {
  from: number
  to: number
  shot: VideoShot
  closed: boolean
}

/**
 * Extend mode (spec §2.3; issue 3 item 6): the 1-3 videos re-framed to the output size and joined
 * in order with half-second dissolves, then continued from the last frame up to the clip's
 * length: the global motion of the last second (phase correlation, global-motion.ts) goes on as a
 * camera move over the held last frame, zooming just enough that the frame's edge never shows,
 * plus a slow push-in. Inputs longer than the clip are cut at its end with a fade to black. The
 * first frames are the first video's own, unchanged; its sound, joined and fitted, is the track.
 */
export const extendSource: FrameSourceFactory = async ({ job, workdir, signal }) => {
  const { width, height, fps } = job
  const frames = Math.round(fps * job.duration)
  const videos = job.inputs.filter((i) => i.kind === 'video')
  if (videos.length === 0) throw internal('extend mode needs at least one reference video')
  const segments: Segment[] = []
  let at = 0
  for (const video of videos) {
    if (at >= frames) break
    const seconds = video.info.kind === 'video' ? video.info.duration : 0
    const length = Math.max(JOIN + 1, Math.floor(seconds * fps))
    const shot = videoShot(video.path, seconds, { width, height, fps, length, signal })
    segments.push({ from: at, to: at + length, shot, closed: false })
    at += length - JOIN
  }
  const joined = segments.at(-1)!.to
  const tail = segments.at(-1)!
  const tracker = createMotionTracker(width, height)
  const travels: Travel[] = []
  let hold: { canvas: Canvas; vx: number; vy: number } | undefined
  let last: Buffer | undefined
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d', { alpha: false })
  const scratch = [createCanvas(width, height), createCanvas(width, height)] as const

  const closeEnded = async (f: number) => {
    for (const s of segments) {
      if (!s.closed && f >= s.to) {
        s.closed = true
        await s.shot.close()
      }
    }
  }

  const joinedFrame = async (f: number): Promise<Canvas | Buffer> => {
    const [a, b] = segments.filter((s) => f >= s.from && f < s.to)
    if (!a) throw internal(`extend mode has no video for frame ${f}`)
    const out = await a.shot.render(f - a.from)
    if (a === tail && f >= joined - fps) travels.push(tracker.push(out))
    last = out
    if (!b) return out
    const incoming = await b.shot.render(f - b.from)
    const progress = (f - b.from + 0.5) / JOIN
    drawTransition(
      ctx,
      'dissolve',
      progress,
      drawable(out, scratch[0]),
      drawable(incoming, scratch[1]),
    )
    return canvas
  }

  const frame = async (f: number): Promise<Canvas | Buffer> => {
    await closeEnded(f)
    if (f < joined) {
      const out = await joinedFrame(f)
      if (joined <= frames || f < frames - JOIN) return out
      if (out !== canvas) drawable(out, canvas)
      fadeToBlack(ctx, (f - (frames - JOIN) + 0.5) / JOIN)
      return canvas
    }
    hold ??= continuation(last, travels, width, height, frames - joined)
    const j = f - joined + 1
    const ox = hold.vx * j
    const oy = hold.vy * j
    const zoom =
      1 +
      2 * Math.max(Math.abs(ox) / width, Math.abs(oy) / height) +
      (DRIFT_ZOOM * j) / (frames - joined)
    ctx.setTransform(
      zoom,
      0,
      0,
      zoom,
      width / 2 + ox - (zoom * width) / 2,
      height / 2 + oy - (zoom * height) / 2,
    )
    ctx.drawImage(hold.canvas, 0, 0)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    return canvas
  }

  return {
    frame,
    render: async (f) => drawable(await frame(f), canvas),
    close: async () => {
      await Promise.all(segments.filter((s) => !s.closed).map((s) => s.shot.close()))
    },
    soundtrack: () =>
      inputSoundtrack(videos, job.duration, { workdir, signal, overlap: JOIN / fps }),
  }
}

/**
 * The held last frame and the velocity to continue: the content's travel over the last second
 * divided by its frames, scaled down if it would carry the camera further than MAX_TRAVEL over
 * the continuation.
 */
function continuation(
  frame: Buffer | undefined,
  travels: readonly Travel[],
  width: number,
  height: number,
  length: number,
): { canvas: Canvas; vx: number; vy: number } {
  if (!frame) throw internal('extend mode: the last video gave no frames')
  const canvas = createCanvas(width, height)
  putFrame(canvas.getContext('2d'), frame, width, height)
  const first = travels[0] ?? { x: 0, y: 0 }
  const last = travels.at(-1) ?? first
  const steps = Math.max(1, travels.length - 1)
  let vx = (last.x - first.x) / steps
  let vy = (last.y - first.y) / steps
  const travel = Math.max((Math.abs(vx) * length) / width, (Math.abs(vy) * length) / height)
  if (travel > MAX_TRAVEL) {
    vx *= MAX_TRAVEL / travel
    vy *= MAX_TRAVEL / travel
  }
  return { canvas, vx, vy }
}
