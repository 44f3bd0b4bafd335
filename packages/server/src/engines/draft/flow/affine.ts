import type { Flow } from './optical-flow.js'
import type { Plane } from './plane.js'

/**
 * A 2D affine map in canvas `setTransform` order: x' = a·x + c·y + e, y' = b·x + d·y + f, so a
 * fitted camera motion can be handed to native drawing as is.
 */
export type Affine = [number, number, number, number, number, number]

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0]

/** `p` after `q`: x ↦ p(q(x)). */
export const compose = (p: Affine, q: Affine): Affine => [
  p[0] * q[0] + p[2] * q[1],
  p[1] * q[0] + p[3] * q[1],
  p[0] * q[2] + p[2] * q[3],
  p[1] * q[2] + p[3] * q[3],
  p[0] * q[4] + p[2] * q[5] + p[4],
  p[1] * q[4] + p[3] * q[5] + p[5],
]

export function invert(m: Affine): Affine {
  const det = m[0] * m[3] - m[1] * m[2]
  const a = m[3] / det
  const b = -m[1] / det
  const c = -m[2] / det
  const d = m[0] / det
  return [a, b, c, d, -(a * m[4] + c * m[5]), -(b * m[4] + d * m[5])]
}

/** Element-wise blend from `p` (t = 0) to `q` (t = 1): the camera part way along a move. */
export const lerp = (p: Affine, q: Affine, t: number): Affine =>
  p.map((x, i) => x + (q[i]! - x) * t) as Affine

/** The same map expressed in coordinates scaled by (sx, sy), e.g. flow pixels to output pixels. */
export const rescale = (m: Affine, sx: number, sy: number): Affine => [
  m[0],
  (m[1] * sy) / sx,
  (m[2] * sx) / sy,
  m[3],
  m[4] * sx,
  m[5] * sy,
]

/** Cauchy scale of the robust fit, in flow pixels: matches further off than this count little. */
const ROBUST = 1
const ROUNDS = 4

/**
 * The affine camera motion that best explains a flow field: weighted least squares, reweighted a
 * few times so moving objects and bad matches do not pull it (iteratively reweighted, Cauchy).
 * Falls back to the weighted mean shift when the fit is degenerate (a flat or one-edge image) or
 * implausible (a mirror, or a zoom beyond 2×).
 */
export function fitAffine(flow: Flow, weight: Plane): Affine {
  const { width: w, height: h } = weight
  const cx = w / 2
  const cy = h / 2
  const robust = new Float32Array(w * h).fill(1)
  let best: Affine | undefined
  for (let round = 0; round < ROUNDS; round++) {
    // Normal equations in centred coordinates; the same 3×3 matrix serves both rows of the map.
    // Accumulated in locals (the matrix is symmetric): a per-pixel array cost more than the sums.
    let sxx = 0
    let sxy = 0
    let sx = 0
    let syy = 0
    let sy = 0
    let s1 = 0
    let xtx = 0
    let ytx = 0
    let tx1 = 0
    let xty = 0
    let yty = 0
    let ty1 = 0
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x
        const k = weight.data[i]! * robust[i]!
        if (k <= 0) continue
        const px = x - cx
        const py = y - cy
        const tx = px + flow.u.data[i]!
        const ty = py + flow.v.data[i]!
        sxx += k * px * px
        sxy += k * px * py
        sx += k * px
        syy += k * py * py
        sy += k * py
        s1 += k
        xtx += k * px * tx
        ytx += k * py * tx
        tx1 += k * tx
        xty += k * px * ty
        yty += k * py * ty
        ty1 += k * ty
      }
    }
    const m = Float64Array.of(sxx, sxy, sx, sxy, syy, sy, sx, sy, s1)
    const rx = Float64Array.of(xtx, ytx, tx1)
    const ry = Float64Array.of(xty, yty, ty1)
    const row0 = solve3(m, rx)
    const row1 = solve3(m, ry)
    if (!row0 || !row1) break
    const centred: Affine = [row0[0], row1[0], row0[1], row1[1], row0[2], row1[2]]
    const det = centred[0] * centred[3] - centred[1] * centred[2]
    if (!(det > 0.25 && det < 4)) break
    best = compose(compose([1, 0, 0, 1, cx, cy], centred), [1, 0, 0, 1, -cx, -cy])
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x
        const ex = best[0] * x + best[2] * y + best[4] - (x + flow.u.data[i]!)
        const ey = best[1] * x + best[3] * y + best[5] - (y + flow.v.data[i]!)
        robust[i] = 1 / (1 + (ex * ex + ey * ey) / (ROBUST * ROBUST))
      }
    }
  }
  return best ?? meanShift(flow, weight)
}

function meanShift(flow: Flow, weight: Plane): Affine {
  let su = 0
  let sv = 0
  let sw = 0
  for (let i = 0; i < weight.data.length; i++) {
    const k = weight.data[i]!
    su += k * flow.u.data[i]!
    sv += k * flow.v.data[i]!
    sw += k
  }
  return sw > 0 ? [1, 0, 0, 1, su / sw, sv / sw] : [...IDENTITY]
}

/** Solves the symmetric 3×3 system m·x = r by Cramer's rule; undefined when near singular. */
function solve3(m: Float64Array, r: Float64Array): [number, number, number] | undefined {
  const det3 = (a: ArrayLike<number>) =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!)
  const d = det3(m)
  const scale = Math.abs(m[0]! * m[4]! * m[8]!)
  if (!(Math.abs(d) > 1e-9 * scale) || scale === 0) return undefined
  const column = (c: number) => {
    const a = Float64Array.from(m)
    for (let k = 0; k < 3; k++) a[k * 3 + c] = r[k]!
    return det3(a) / d
  }
  return [column(0), column(1), column(2)]
}
