import type { Affine } from './affine.js'
import type { Flow } from './optical-flow.js'
import { boxBlur, createPlane, sample, type Plane } from './plane.js'

/** Where each pixel of an in-between frame comes from in one of the two images (flow pixels). */
export interface Projection {
  /** Displacement from the in-between pixel to its source pixel. */
  u: Plane
  v: Plane
  /** 0..1: how much of the source image lands here (0 where it has no content: disocclusion). */
  cover: Plane
  /** The source pixel's visibility in the other image (0 = occluded there). */
  visible: Plane
  /** 0..1: where the warp must replace the camera layer (see flow-morph.ts). */
  mask: Plane
}

/** What one image brings to the projection. */
export interface ProjectionSource {
  /** Its flow to the other image. */
  flow: Flow
  visible: Plane
  /** Where its own motion departs from the camera move, 0..1. */
  mask: Plane
  /** Depth order: where two pixels land on one spot, the higher wins (the one moving apart). */
  priority: Plane
  /** The camera move of the whole flow (source → other image), in flow pixels. */
  camera: Affine
  /**
   * The flow pixels where the projection can matter (the mask, where it starts and ends, with a
   * margin); nothing is computed outside it. Undefined when the mask is empty.
   */
  region: Box | undefined
  /** The longest flow vector, pixels: how far a splat can come from. */
  reach: number
}

/** Inclusive pixel bounds. */
export interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Contributions within this much of the best priority at a spot are blended, not dropped. */
const TOLERANCE = 0.75
const FILL_PASSES = 6
/** Share of a spot left uncovered (3×3 mean) from which it counts as a hole, and fully so. */
const GHOST_FROM = 0.5
const GHOST_FULL = 0.8
/** The cover given to a filled hole: known for filling, next to nothing in the blend. */
const FILLED = 1e-6

/**
 * Forward-projects one image's flow to the instant `s` of the way towards the other image (the
 * flow projection of Baker et al., "A Database and Evaluation Methodology for Optical Flow"): each
 * pixel splats bilinearly to where it will be, a depth test keeps the pixel that moves apart
 * from the camera (a moving subject is in front of what it passes), and spots nothing reaches are
 * disocclusions: filled from their neighbours with no cover, and masked wherever the camera layer
 * would show this image there, since that is where it would ghost.
 *
 * Returns the projection for any `s`, computed in planes allocated once: a morph asks for one per
 * frame, and fresh planes each time kept the garbage collector busy. A projection stays valid
 * until the next call. Only the source's region is written; the rest of every plane stays 0.
 */
export function createProjector(src: ProjectionSource): (s: number) => Projection {
  const { width: w, height: h } = src.visible
  const out: Projection = {
    u: createPlane(w, h),
    v: createPlane(w, h),
    cover: createPlane(w, h),
    visible: createPlane(w, h),
    mask: createPlane(w, h),
  }
  const planes = [out.u, out.v, out.cover, out.visible, out.mask]
  const top = new Float32Array(w * h)
  const holes = new Int32Array(w * h)
  const scratch = {
    cover: createPlane(w, h),
    ghosts: createPlane(w, h),
    blur: new Float32Array(w * h),
  }
  return (s) => {
    const region = src.region
    if (!region) return out
    for (let y = region.y0; y <= region.y1; y++) {
      const from = y * w + region.x0
      const to = y * w + region.x1 + 1
      for (const plane of planes) plane.data.fill(0, from, to)
      top.fill(-Infinity, from, to)
    }
    splat(src, s, region, out, top)
    let count = 0
    for (let y = region.y0; y <= region.y1; y++) {
      for (let x = region.x0; x <= region.x1; x++) {
        const q = y * w + x
        const k = out.cover.data[q]!
        if (k <= 0) {
          holes[count++] = q
          continue
        }
        out.u.data[q]! /= k
        out.v.data[q]! /= k
        out.visible.data[q]! /= k
        out.mask.data[q]! /= k
        out.cover.data[q] = Math.min(1, k)
      }
    }
    fillHoles(out, Array.from(holes.subarray(0, count)), region)
    maskGhosts(out, src, s, region, scratch)
    return out
  }
}

/** Splats every source pixel that can land in the region into `out` (sums, not yet means). */
function splat(src: ProjectionSource, s: number, region: Box, out: Projection, top: Float32Array) {
  const { width: w, height: h } = src.visible
  const fu = src.flow.u.data
  const fv = src.flow.v.data
  const prio = src.priority.data
  const visible = src.visible.data
  const mask = src.mask.data
  const { x0: rx0, y0: ry0, x1: rx1, y1: ry1 } = region
  // Every pixel that can land in the region, however far it moves.
  const reach = Math.ceil(s * src.reach) + 1
  const sx0 = Math.max(0, rx0 - reach)
  const sx1 = Math.min(w - 1, rx1 + reach)
  const sy0 = Math.max(0, ry0 - reach)
  const sy1 = Math.min(h - 1, ry1 + reach)
  for (let pass = 0; pass < 2; pass++) {
    for (let y = sy0; y <= sy1; y++) {
      for (let x = sx0; x <= sx1; x++) {
        const p = y * w + x
        const qx = x + s * fu[p]!
        const qy = y + s * fv[p]!
        const x0 = Math.floor(qx)
        const y0 = Math.floor(qy)
        const ax = qx - x0
        const ay = qy - y0
        const priority = prio[p]!
        for (let j = 0; j < 4; j++) {
          const tx = x0 + (j & 1)
          const ty = y0 + (j >> 1)
          if (tx < rx0 || tx > rx1 || ty < ry0 || ty > ry1) continue
          const k = (j & 1 ? ax : 1 - ax) * (j >> 1 ? ay : 1 - ay)
          if (k <= 0.01) continue
          const q = ty * w + tx
          if (pass === 0) {
            if (priority > top[q]!) top[q] = priority
          } else if (priority >= top[q]! - TOLERANCE) {
            out.u.data[q]! += k * -s * fu[p]!
            out.v.data[q]! += k * -s * fv[p]!
            out.visible.data[q]! += k * visible[p]!
            out.mask.data[q]! += k * mask[p]!
            out.cover.data[q]! += k
          }
        }
      }
    }
  }
}

/** Spreads known values into unknown spots, a ring of neighbours per pass. */
function fillHoles(out: Projection, holes: number[], region: Box): void {
  const { width: w } = out.u
  const { u, v, visible, mask, cover } = out
  const known = (k: number) => cover.data[k]! > 0
  let left = holes
  for (let pass = 0; pass < FILL_PASSES && left.length > 0; pass++) {
    const filled: number[] = []
    const still: number[] = []
    for (const q of left) {
      const x = q % w
      const y = (q - x) / w
      let count = 0
      let su = 0
      let sv = 0
      let svis = 0
      let smask = 0
      for (let ny = Math.max(region.y0, y - 1); ny <= Math.min(region.y1, y + 1); ny++) {
        for (let nx = Math.max(region.x0, x - 1); nx <= Math.min(region.x1, x + 1); nx++) {
          const k = ny * w + nx
          if (!known(k)) continue
          count++
          su += u.data[k]!
          sv += v.data[k]!
          svis += visible.data[k]!
          smask += mask.data[k]!
        }
      }
      if (count === 0) {
        still.push(q)
        continue
      }
      u.data[q] = su / count
      v.data[q] = sv / count
      visible.data[q] = svis / count
      mask.data[q] = smask / count
      filled.push(q)
    }
    // Counted as known only after the pass (by a cover too small to weigh in the blend), so a
    // hole fills evenly from all its sides.
    for (const q of filled) cover.data[q] = FILLED
    left = still
  }
}

/**
 * The camera layer draws this image moved by the camera alone; where that puts a moving subject
 * of the image but the flow brings nothing there (the subject has moved away), the warp must
 * cover, or the subject would show twice.
 */
function maskGhosts(
  out: Projection,
  src: ProjectionSource,
  s: number,
  region: Box,
  scratch: { cover: Plane; ghosts: Plane; blur: Float32Array },
): void {
  const { width: w, height: h } = out.u
  const { camera } = src
  // The camera layer's move at this instant, inverted: spot → source pixel.
  const a = 1 + s * (camera[0] - 1)
  const b = s * camera[1]
  const c = s * camera[2]
  const d = 1 + s * (camera[3] - 1)
  const e = s * camera[4]
  const f = s * camera[5]
  const det = a * d - b * c
  // Judged on the cover averaged over 3×3: seams a pixel wide, where splats just failed to
  // meet, are not holes.
  const cover = scratch.cover
  cover.data.set(out.cover.data)
  boxBlur(cover, 1, scratch.blur)
  const ghosts = scratch.ghosts
  ghosts.data.fill(0)
  for (let y = region.y0; y <= region.y1; y++) {
    for (let x = region.x0; x <= region.x1; x++) {
      const q = y * w + x
      const hole = 1 - cover.data[q]!
      if (hole <= GHOST_FROM) continue
      const px = (d * (x - e) - c * (y - f)) / det
      const py = (a * (y - f) - b * (x - e)) / det
      if (px < 0 || py < 0 || px > w - 1 || py > h - 1) continue
      // A ghost only if what the camera layer draws here is itself a moving subject.
      const ghost = Math.min(1, (hole - GHOST_FROM) / (GHOST_FULL - GHOST_FROM))
      ghosts.data[q] = sample(src.mask, px, py) * ghost
    }
  }
  // Widened so the rim of a subject that has moved away goes too, not only its middle.
  boxBlur(ghosts, 2, scratch.blur)
  for (let y = region.y0; y <= region.y1; y++) {
    for (let x = region.x0; x <= region.x1; x++) {
      const q = y * w + x
      out.mask.data[q] = Math.max(out.mask.data[q]!, Math.min(1, ghosts.data[q]! * 3))
    }
  }
}
