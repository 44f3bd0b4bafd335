import { fitAffine, type Affine } from './affine.js'
import { cornerStrength, estimateFlow, texture, type Flow } from './optical-flow.js'
import { createPlane, isInside, sample, type Plane } from './plane.js'

/** How two images correspond: flows both ways, where they agree, and how much to trust them. */
export interface ImageMatch {
  /** The two luma planes that were matched. */
  a: Plane
  b: Plane
  /** From the first image to the second. */
  forward: Flow
  /** From the second image to the first. */
  backward: Flow
  /** Per pixel of the first image: 0 where its match is inconsistent (occluded), else 1. */
  visibleA: Plane
  /** Per pixel of the second image, likewise for the backward flow. */
  visibleB: Plane
  /** Share of the first image's pixels matched inside the second that match consistently
   * (weighted by corner strength: flat areas and lone edges cannot be matched, so do not count). */
  consistent: number
  /** Mean |a − b warped by the flow| over consistent pixels (weighted likewise), in units of
   * image deviation. */
  residual: number
  /** The images show the same thing from nearby viewpoints: the flow can drive a morph. */
  related: boolean
  /** The camera part of the forward flow (first → second image pixels). */
  affine: Affine
}

/** Below these the images are taken as unrelated (measured on related and unrelated pairs). */
const MIN_CONSISTENT = 0.45
const MAX_RESIDUAL = 0.35

/**
 * Matches two luma planes of the same size (normalised, see `lumaPlane`): dense flow both ways,
 * a forward-backward consistency check per pixel (|w + ŵ|² < 0.01·(|w|² + |ŵ|²) + 0.5, after
 * Sundaram et al.) that marks occlusions, a confidence from the share of consistent pixels and the
 * photometric residual, and the affine camera move fitted to the consistent, textured pixels.
 */
export function matchImages(a: Plane, b: Plane): ImageMatch {
  const forward = estimateFlow(a, b)
  const backward = estimateFlow(b, a)
  const visibleA = consistency(forward, backward)
  const visibleB = consistency(backward, forward)
  const weight = cornerStrength(texture(a))
  let inside = 0
  let seen = 0
  let error = 0
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = y * a.width + x
      const tx = x + forward.u.data[i]!
      const ty = y + forward.v.data[i]!
      if (!isInside(a, tx, ty)) continue
      const k = weight.data[i]!
      inside += k
      if (!visibleA.data[i]) continue
      seen += k
      error += k * Math.abs(a.data[i]! - sample(b, tx, ty))
    }
  }
  const consistent = inside > 0 ? seen / inside : 0
  const residual = seen > 0 ? error / seen : Infinity
  const related = consistent >= MIN_CONSISTENT && residual <= MAX_RESIDUAL
  for (let i = 0; i < weight.data.length; i++) weight.data[i]! *= visibleA.data[i]!
  const affine = fitAffine(forward, weight)
  return { a, b, forward, backward, visibleA, visibleB, consistent, residual, related, affine }
}

/**
 * 1 where following `f` then `g` comes back to the start, 0 where it does not (an occlusion).
 * A match that leaves the frame is not an occlusion: it stays 1, and the warp treats samples
 * outside the other image as missing.
 */
function consistency(f: Flow, g: Flow): Plane {
  const { width: w, height: h } = f.u
  const out = createPlane(w, h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      const u = f.u.data[i]!
      const v = f.v.data[i]!
      if (!isInside(out, x + u, y + v)) {
        out.data[i] = 1
        continue
      }
      const bu = sample(g.u, x + u, y + v)
      const bv = sample(g.v, x + u, y + v)
      const gap = (u + bu) ** 2 + (v + bv) ** 2
      out.data[i] = gap < 0.01 * (u * u + v * v + bu * bu + bv * bv) + 0.5 ? 1 : 0
    }
  }
  return out
}
