import { createCanvas, type Canvas } from '@napi-rs/canvas'
import { internal } from '../../../lib/app-error.js'
import type { CameraMove } from '../scene.js'
import { openVideoFrames, putFrame, type VideoFrameReader } from './video-frames.js'

/**
 * One shot of a cut-together clip: its frames 0 … length − 1, pulled in order, each a canvas of
 * the output size that the shot owns and fully repaints (so the engine may draw a caption on it),
 * or a decoded video frame as raw RGBA (FrameSource.frame).
 */
export interface Shot {
  render(u: number): Canvas | Buffer | Promise<Canvas | Buffer>
  close(): Promise<void>
}

/** A shot's picture as a canvas to draw from: raw RGBA is put into `scratch` first. */
export function drawable(picture: Canvas | Buffer, scratch: Canvas): Canvas {
  if (!Buffer.isBuffer(picture)) return picture
  putFrame(scratch.getContext('2d'), picture, scratch.width, scratch.height)
  return scratch
}

/** A camera move over a still: zoom 1 is the picture exactly filling the frame. */
export interface StillPose {
  zoom: number
  /** Offset as a fraction of the slack the zoom leaves on each side, -1..1. */
  x: number
  y: number
}

/**
 * The image camera moves of reference shots, each from start to end of the shot. An offset of +1
 * shows the picture's left (or top) edge, -1 its right (or bottom) edge: panning left moves the
 * view from the right part to the left part.
 */
const STILL_MOVES = {
  'push-in': [
    { zoom: 1, x: 0, y: 0 },
    { zoom: 1.15, x: 0, y: 0 },
  ],
  'pull-out': [
    { zoom: 1.15, x: 0, y: 0 },
    { zoom: 1, x: 0, y: 0 },
  ],
  'pan-left': [
    { zoom: 1.12, x: -1, y: 0 },
    { zoom: 1.12, x: 1, y: 0 },
  ],
  'pan-right': [
    { zoom: 1.12, x: 1, y: 0 },
    { zoom: 1.12, x: -1, y: 0 },
  ],
  'tilt-up': [
    { zoom: 1.12, x: 0, y: -1 },
    { zoom: 1.12, x: 0, y: 1 },
  ],
  'tilt-down': [
    { zoom: 1.12, x: 0, y: 1 },
    { zoom: 1.12, x: 0, y: -1 },
  ],
  orbit: [
    { zoom: 1.06, x: -1, y: 0 },
    { zoom: 1.12, x: 1, y: 0.3 },
  ],
  drone: [
    { zoom: 1, x: 0, y: -0.6 },
    { zoom: 1.13, x: 0, y: 0.6 },
  ],
  tracking: [
    { zoom: 1.1, x: -1, y: 0 },
    { zoom: 1.1, x: 1, y: 0 },
  ],
  static: [
    { zoom: 1, x: 0, y: 0 },
    { zoom: 1.03, x: 0, y: 0 },
  ],
} as const satisfies Record<CameraMove, readonly [StillPose, StillPose]>

/** Every camera move the prompt can name has a still version. */
export type StillMove = CameraMove

const ease = (u: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, u)))

/**
 * A still picture animated by a camera move (a Ken Burns shot). `plate` is the picture already
 * cover-cropped to the output ratio, best at a little more than the output size so zooms stay
 * sharp; drawing is one bilinear drawImage per frame.
 */
export function stillShot(
  plate: Canvas,
  width: number,
  height: number,
  length: number,
  pose: (u: number) => StillPose,
): Shot {
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d', { alpha: false })
  ctx.imageSmoothingEnabled = true
  return {
    render(u) {
      const p = pose(length > 1 ? u / (length - 1) : 0)
      const k = p.zoom * Math.max(width / plate.width, height / plate.height)
      const slackX = (k * plate.width - width) / 2
      const slackY = (k * plate.height - height) / 2
      ctx.setTransform(k, 0, 0, k, -slackX + p.x * slackX, -slackY + p.y * slackY)
      ctx.drawImage(plate, 0, 0)
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      return canvas
    },
    close: async () => {},
  }
}

/** The pose of a named move at `u` (0..1 through the shot), eased at both ends. */
export function movePose(move: StillMove): (u: number) => StillPose {
  const [a, b] = STILL_MOVES[move]
  return (u) => {
    const e = ease(u)
    return {
      zoom: a.zoom + (b.zoom - a.zoom) * e,
      x: a.x + (b.x - a.x) * e,
      y: a.y + (b.y - a.y) * e,
    }
  }
}

/** A user's video as a shot: its frames come as raw RGBA. */
export interface VideoShot extends Shot {
  render(u: number): Promise<Buffer>
}

/**
 * A user's video as a shot of `length` frames: decoded by video-frames.ts at the output size and
 * rate, slowed when the footage is shorter than the shot (re-timed), and holding its last frame
 * should the decoder deliver fewer frames than the probe promised. Each frame is the reader's
 * buffer, valid until two more are read.
 */
export function videoShot(
  path: string,
  footageSeconds: number,
  opts: { width: number; height: number; fps: number; length: number; signal: AbortSignal },
): VideoShot {
  const { width, height, fps, length } = opts
  const footage = Math.max(1, Math.floor(footageSeconds * fps))
  const reader: VideoFrameReader = openVideoFrames(path, {
    width,
    height,
    fps,
    maxFrames: length,
    stretch: length > footage ? length / footage : 1,
    signal: opts.signal,
  })
  let frame: Buffer | undefined
  let done = false
  return {
    async render() {
      const next = done ? undefined : await reader.next()
      if (next) frame = next
      else done = true
      if (!frame) throw internal('an input video gave no frames', { retryable: true })
      return frame
    },
    close: () => reader.close(),
  }
}
