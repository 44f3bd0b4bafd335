import type { SKRSContext2D } from '@napi-rs/canvas'
import type { Stage } from '../stage.js'

/**
 * A pinhole view down a street: metres in the world (x across, y up, z ahead) to stage pixels, the
 * vanishing point on the horizon in the middle of the frame.
 */
export interface Perspective {
  x(x: number, z: number): number
  y(y: number, z: number): number
  /** Pixels per metre at distance z. */
  scale(z: number): number
}

/** Eye height in metres. */
export const EYE = 1.6

/** The street view for a stage: a wide-ish lens, the vanishing point at mid-frame on the horizon. */
export function createPerspective(stage: Stage): Perspective {
  const f = stage.width * 0.62
  const cx = stage.width / 2
  const cy = stage.horizon
  return {
    x: (x, z) => cx + (f * x) / z,
    y: (y, z) => cy + (f * (EYE - y)) / z,
    scale: (z) => f / z,
  }
}

/** A rectangle in the world: in a wall (x0 = x1) or facing the viewer (z0 = z1). */
export interface WorldRect {
  x0: number
  x1: number
  y0: number
  y1: number
  z0: number
  z1: number
}

/** Adds the projected outline of `r` to the current path; `mirror` -1 reflects it in the ground. */
export function quad(ctx: SKRSContext2D, p: Perspective, r: WorldRect, mirror = 1): void {
  const y0 = r.y0 * mirror
  const y1 = r.y1 * mirror
  ctx.moveTo(p.x(r.x0, r.z0), p.y(y0, r.z0))
  ctx.lineTo(p.x(r.x1, r.z1), p.y(y0, r.z1))
  ctx.lineTo(p.x(r.x1, r.z1), p.y(y1, r.z1))
  ctx.lineTo(p.x(r.x0, r.z0), p.y(y1, r.z0))
  ctx.closePath()
}
