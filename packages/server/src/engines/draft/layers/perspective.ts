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
