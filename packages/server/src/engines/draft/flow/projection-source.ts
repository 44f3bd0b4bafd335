import { invert } from './affine.js'
import type { ImageMatch } from './match-images.js'
import { boxBlur, createPlane, isInside, sample } from './plane.js'
import type { Box, ProjectionSource } from './project-flow.js'

/** Motion further than this (output pixels) from the camera move is drawn by the warp. */
const DEPART_FROM = 1.5
const DEPART_FULL = 4
/** How much lower (in image deviations) the flow's error must be than the camera's to be used. */
const BETTER_FROM = 0.1
const BETTER_FULL = 0.3
/** Mean mask over 5×5 below which a spot is noise rather than part of a moving subject. */
const SPECK = 0.4

const smoothstep = (e0: number, e1: number, x: number) => {
  const u = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)))
  return u * u * (3 - 2 * u)
}

/**
 * What one image of a match brings to each in-between frame: its flow, where that flow must
 * replace the camera layer (the mask), and its depth order. The mask is 1 where the flow departs
 * from the camera move by more than a pixel or two of output and, compared on the (blurred)
 * photometric error, explains the other image clearly better than the camera move does: flow
 * errors on thin or repeated structure stay under the sharp camera layer, moving subjects and
 * parallax get the warp. The depth order is that same departure: a subject moving apart from
 * the camera move is taken to be in front. `toOutput` converts flow pixels to output pixels.
 */
export function projectionSource(
  match: ImageMatch,
  direction: 'forward' | 'backward',
  toOutput: number,
): ProjectionSource {
  const forward = direction === 'forward'
  const flow = forward ? match.forward : match.backward
  const from = forward ? match.a : match.b
  const to = forward ? match.b : match.a
  const visible = forward ? match.visibleA : match.visibleB
  const camera = forward ? match.affine : invert(match.affine)
  const { width: w, height: h } = from
  const off = createPlane(w, h)
  const errCamera = createPlane(w, h)
  const errFlow = createPlane(w, h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      const cx = camera[0] * x + camera[2] * y + camera[4]
      const cy = camera[1] * x + camera[3] * y + camera[5]
      const fx = x + flow.u.data[i]!
      const fy = y + flow.v.data[i]!
      off.data[i] = Math.hypot(cx - fx, cy - fy)
      const value = from.data[i]!
      errCamera.data[i] = isInside(to, cx, cy) ? Math.abs(value - sample(to, cx, cy)) : 0
      errFlow.data[i] = isInside(to, fx, fy) ? Math.abs(value - sample(to, fx, fy)) : 1
    }
  }
  boxBlur(errCamera, 1)
  boxBlur(errFlow, 1)
  const mask = createPlane(w, h)
  for (let i = 0; i < mask.data.length; i++) {
    const better = smoothstep(BETTER_FROM, BETTER_FULL, errCamera.data[i]! - errFlow.data[i]!)
    mask.data[i] = smoothstep(DEPART_FROM, DEPART_FULL, off.data[i]! * toOutput) * better
  }
  // An opening: specks and lines narrower than a subject (flow noise on edges) are dropped, then
  // what is left is widened a little so the edges of a moving subject are fully covered.
  boxBlur(mask, 2)
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = mask.data[i]! >= SPECK ? 1 : 0
  boxBlur(mask, 3)
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = Math.min(1, mask.data[i]! * 3)
  let region: Box | undefined
  let reach = 0
  const include = (x: number, y: number) => {
    const [px, py] = [Math.round(x), Math.round(y)]
    region = region
      ? {
          x0: Math.min(region.x0, px),
          y0: Math.min(region.y0, py),
          x1: Math.max(region.x1, px),
          y1: Math.max(region.y1, py),
        }
      : { x0: px, y0: py, x1: px, y1: py }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      reach = Math.max(reach, Math.hypot(flow.u.data[i]!, flow.v.data[i]!))
      if (mask.data[i]! <= 0) continue
      // Where the subject starts, where it ends and where the camera alone would take it.
      include(x, y)
      include(x + flow.u.data[i]!, y + flow.v.data[i]!)
      include(camera[0] * x + camera[2] * y + camera[4], camera[1] * x + camera[3] * y + camera[5])
    }
  }
  const margin = 4
  const box = region as Box | undefined
  return {
    flow,
    visible,
    mask,
    priority: off,
    camera,
    reach,
    region: box && {
      x0: Math.max(0, box.x0 - margin),
      y0: Math.max(0, box.y0 - margin),
      x1: Math.min(w - 1, box.x1 + margin),
      y1: Math.min(h - 1, box.y1 + margin),
    },
  }
}
