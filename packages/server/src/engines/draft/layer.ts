import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'
import type { Camera, Pose } from './camera.js'
import type { Lighting } from './lighting.js'
import type { Scene } from './scene.js'
import type { Stage } from './stage.js'
import type { Timeline } from './timeline.js'

/** What a layer needs to draw one frame. */
export interface FrameInfo {
  index: number
  /** Seconds since the clip start. */
  t: number
  pose: Pose
  /** The frame being composed, for layers that mirror what is already drawn (water). */
  target: Canvas
}

/**
 * One slice of the 2.5D scene. The compositor sets the camera transform for `depth` (or none for
 * `'screen'` layers such as rain and grain) before `draw`, so layers paint in stage coordinates.
 * `sharp` layers have hard edges and are sampled bilinearly; soft ones (sky, clouds, fog) use
 * nearest sampling, which looks the same on smooth textures and costs a third.
 */
export interface Layer {
  name: string
  depth: number | 'screen'
  sharp: boolean
  draw(ctx: SKRSContext2D, frame: FrameInfo): void
}

/** A baked texture with its position in stage coordinates. */
export interface Plate {
  canvas: Canvas
  ctx: SKRSContext2D
  x: number
  y: number
}

/** Stage-coordinate bounds of a plate; a side left out reaches the frame edge plus the margin. */
export interface PlateBounds {
  top?: number
  bottom?: number
  left?: number
  right?: number
}

/**
 * A canvas covering `bounds` clipped to the frame plus the camera margin of `depth`, with its
 * context translated so builders paint in stage coordinates. Keep bounds tight: every pixel of a
 * plate is blended each frame, transparent or not.
 */
export function createPlate(b: Build, depth: number, bounds: PlateBounds = {}): Plate {
  const m = b.camera.margin(depth)
  const x = Math.floor(Math.max(bounds.left ?? -Infinity, -m.x))
  const y = Math.floor(Math.max(bounds.top ?? -Infinity, -m.y))
  const right = Math.ceil(Math.min(bounds.right ?? Infinity, b.stage.width + m.x))
  const bottom = Math.ceil(Math.min(bounds.bottom ?? Infinity, b.stage.height + m.y))
  const canvas = createCanvas(Math.max(1, right - x), Math.max(1, bottom - y))
  const ctx = canvas.getContext('2d')
  ctx.translate(-x, -y)
  return { canvas, ctx, x, y }
}

/** Draws a plate at its stage position. */
export const drawPlate = (ctx: SKRSContext2D, plate: Plate): void =>
  ctx.drawImage(plate.canvas, plate.x, plate.y)

/** Everything a layer builder may read. */
export interface Build {
  scene: Scene
  stage: Stage
  camera: Camera
  light: Lighting
  timeline: Timeline
  seed: number
}
