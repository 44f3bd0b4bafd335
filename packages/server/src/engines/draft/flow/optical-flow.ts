import {
  boxBlur,
  createPlane,
  halve,
  isInside,
  median3,
  resize,
  sample,
  type Plane,
} from './plane.js'

/** Dense displacement: pixel (x, y) of the first image is at (x + u, y + v) in the second. */
export interface Flow {
  u: Plane
  v: Plane
}

/** The coarsest pyramid level is at least this wide; the global search runs there. */
const MIN_WIDTH = 20
/** Largest global shift searched, as a fraction of each side. */
const SEARCH = 0.35
const ITERATIONS = 5
/** Half-size of the Lucas-Kanade window: 5×5 pixels at every level. */
const WINDOW = 2
/** Tikhonov term: where the image is flat the update is damped and the coarser flow stays. */
const DAMPING = 0.004
/** Largest update of one iteration, pixels; keeps a bad linearisation from throwing the flow. */
const MAX_STEP = 1.5

/**
 * Dense optical flow from `a` to `b` (draft-engine.md "Using the inputs"): pyramidal, iterative
 * Lucas-Kanade, seeded by search. The best global shift at the coarsest level (a pan of a third
 * of the frame is found as surely as a small move) centres a block-matching search at the next
 * level; from there each level refines the upsampled flow with a few warped LK steps over a 5×5
 * window and a 3×3 median, and fills flat areas from their textured neighbours.
 * Planes should be a few hundred pixels wide at most (the caller downscales): cost grows with area.
 */
export function estimateFlow(a: Plane, b: Plane): Flow {
  const pa = [a]
  const pb = [b]
  while (pa[pa.length - 1]!.width >= 2 * MIN_WIDTH) {
    pa.push(halve(pa[pa.length - 1]!))
    pb.push(halve(pb[pb.length - 1]!))
  }
  const top = pa.length - 1
  const shift = globalShift(pa[top]!, pb[top]!)
  let flow: Flow | undefined
  for (let level = top; level >= 0; level--) {
    const la = pa[level]!
    const lb = pb[level]!
    if (!flow) {
      // The level under the coarsest: block matching around the global shift finds objects
      // that move further than their own size, which LK alone would lose.
      if (level === top && top > 0) continue
      const k = la.width / pa[top]!.width
      flow = level < top ? blockMatch(la, lb, shift.x * k, shift.y * k) : uniform(la, shift)
    } else {
      flow = {
        u: resize(flow.u, la.width, la.height, la.width / flow.u.width),
        v: resize(flow.v, la.width, la.height, la.height / flow.v.height),
      }
    }
    const ta = texture(la)
    flow = fillFlat(refine(ta, texture(lb), flow), ta)
  }
  return flow!
}

const uniform = (p: Plane, shift: { x: number; y: number }): Flow => {
  const flow = { u: createPlane(p.width, p.height), v: createPlane(p.width, p.height) }
  flow.u.data.fill(shift.x)
  flow.v.data.fill(shift.y)
  return flow
}

/** Block-matching search radius around the global shift, as a fraction of the width. */
const BLOCK_SEARCH = 0.25
/** Cost per pixel of departing from the global shift, so flat areas keep it. */
const BLOCK_PENALTY = 0.02

/**
 * Per-pixel integer flow by exhaustive block matching (mean absolute difference over the 5×5
 * window) within a radius around the global shift (gx, gy), with a small penalty for departing
 * from it; a 3×3 median then removes lone outliers.
 */
function blockMatch(a: Plane, b: Plane, gx: number, gy: number): Flow {
  const { width: w, height: h } = a
  const n = w * h
  const r = Math.max(3, Math.round(w * BLOCK_SEARCH))
  const cx = Math.round(gx)
  const cy = Math.round(gy)
  const best = new Float32Array(n).fill(Infinity)
  const flow = uniform(a, { x: cx, y: cy })
  const diff = createPlane(w, h)
  const scratch = new Float32Array(n)
  for (let dy = cy - r; dy <= cy + r; dy++) {
    for (let dx = cx - r; dx <= cx + r; dx++) {
      for (let y = 0; y < h; y++) {
        const rowB = Math.min(h - 1, Math.max(0, y + dy)) * w
        for (let x = 0; x < w; x++) {
          const xb = Math.min(w - 1, Math.max(0, x + dx))
          diff.data[y * w + x] = Math.abs(a.data[y * w + x]! - b.data[rowB + xb]!)
        }
      }
      boxBlur(diff, WINDOW, scratch)
      const penalty = BLOCK_PENALTY * (Math.abs(dx - gx) + Math.abs(dy - gy))
      for (let i = 0; i < n; i++) {
        const cost = diff.data[i]! + penalty
        if (cost < best[i]!) {
          best[i] = cost
          flow.u.data[i] = dx
          flow.v.data[i] = dy
        }
      }
    }
  }
  return { u: median3(flow.u), v: median3(flow.v) }
}

/** The integer shift of `b` with the least mean absolute difference from `a` on the overlap. */
function globalShift(a: Plane, b: Plane): { x: number; y: number } {
  const { width: w, height: h } = a
  const rx = Math.floor(w * SEARCH)
  const ry = Math.floor(h * SEARCH)
  let best = { x: 0, y: 0 }
  let bestCost = Infinity
  for (let sy = -ry; sy <= ry; sy++) {
    for (let sx = -rx; sx <= rx; sx++) {
      let sum = 0
      let n = 0
      for (let y = Math.max(0, -sy); y < Math.min(h, h - sy); y++) {
        const ra = y * w
        const rb = (y + sy) * w + sx
        for (let x = Math.max(0, -sx); x < Math.min(w, w - sx); x++) {
          sum += Math.abs(a.data[ra + x]! - b.data[rb + x]!)
          n++
        }
      }
      // A slight preference for small shifts breaks ties on repetitive or flat images.
      const cost = sum / n + 0.002 * (Math.abs(sx) / w + Math.abs(sy) / h)
      if (cost < bestCost) {
        bestCost = cost
        best = { x: sx, y: sy }
      }
    }
  }
  return best
}

/**
 * The image less its local mean (a structure-texture split, as TV-L1 flow does): a change of
 * exposure or a smooth gradient then carries no weight, so it cannot read as motion; flat areas
 * keep the flow propagated from coarser levels.
 */
export function texture(p: Plane): Plane {
  const smooth = boxBlur({ ...p, data: Float32Array.from(p.data) }, 2)
  const out = createPlane(p.width, p.height)
  for (let i = 0; i < out.data.length; i++) out.data[i] = p.data[i]! - smooth.data[i]!
  return out
}

/** Corner strength (smaller eigenvalue of the structure tensor) at which a match is trusted. */
const CORNER = 0.01

/**
 * Flat areas and lone edges cannot say where they moved (the aperture problem), nor can pixels
 * matched outside the other image; their flow is replaced, in proportion, by the mean flow of the
 * trusted pixels around them (normalised convolution over an eighth of the image).
 */
function fillFlat(flow: Flow, a: Plane): Flow {
  const { width: w, height: h } = a
  const n = w * h
  const trust = cornerStrength(a)
  const wu = createPlane(w, h)
  const wv = createPlane(w, h)
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if (!isInside(a, x + flow.u.data[i]!, y + flow.v.data[i]!)) trust.data[i] = 0
      wu.data[i] = trust.data[i]! * flow.u.data[i]!
      wv.data[i] = trust.data[i]! * flow.v.data[i]!
    }
  }
  const r = Math.max(2, Math.round(w / 16))
  const scratch = new Float32Array(n)
  const spread = boxBlur({ ...trust, data: Float32Array.from(trust.data) }, r, scratch)
  boxBlur(wu, r, scratch)
  boxBlur(wv, r, scratch)
  const u = createPlane(w, h)
  const v = createPlane(w, h)
  for (let i = 0; i < n; i++) {
    const c = trust.data[i]!
    const s = spread.data[i]!
    const fu = s > 1e-4 ? wu.data[i]! / s : flow.u.data[i]!
    const fv = s > 1e-4 ? wv.data[i]! / s : flow.v.data[i]!
    u.data[i] = c * flow.u.data[i]! + (1 - c) * fu
    v.data[i] = c * flow.v.data[i]! + (1 - c) * fv
  }
  return { u, v }
}

/**
 * 0..1 per pixel: how well the 5×5 window around it pins motion down in both directions (the
 * smaller eigenvalue of its structure tensor, saturating at `CORNER`). 0 on flat areas and along
 * lone straight edges, 1 on corners and texture.
 */
export function cornerStrength(a: Plane): Plane {
  const { width: w, height: h } = a
  const [xx, xy, yy] = [createPlane(w, h), createPlane(w, h), createPlane(w, h)]
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      const gx = (a.data[y * w + Math.min(w - 1, x + 1)]! - a.data[y * w + Math.max(0, x - 1)]!) / 2
      const gy = (a.data[Math.min(h - 1, y + 1) * w + x]! - a.data[Math.max(0, y - 1) * w + x]!) / 2
      xx.data[i] = gx * gx
      xy.data[i] = gx * gy
      yy.data[i] = gy * gy
    }
  }
  const scratch = new Float32Array(w * h)
  for (const p of [xx, xy, yy]) boxBlur(p, WINDOW, scratch)
  const out = createPlane(w, h)
  for (let i = 0; i < out.data.length; i++) {
    const mean = (xx.data[i]! + yy.data[i]!) / 2
    const lmin = mean - Math.sqrt(((xx.data[i]! - yy.data[i]!) / 2) ** 2 + xy.data[i]! ** 2)
    out.data[i] = Math.min(1, Math.max(0, lmin / CORNER))
  }
  return out
}

/** Warped Lucas-Kanade iterations at one level, with symmetric gradients (of a and warped b). */
function refine(a: Plane, b: Plane, flow: Flow): Flow {
  const { width: w, height: h } = a
  const n = w * h
  const planes = Array.from({ length: 5 }, () => createPlane(w, h))
  const [sxx, sxy, syy, sxt, syt] = planes as [Plane, Plane, Plane, Plane, Plane]
  const scratch = new Float32Array(n)
  let { u, v } = flow
  for (let it = 0; it < ITERATIONS; it++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x
        const xw = x + u.data[i]!
        const yw = y + v.data[i]!
        if (xw < 0 || xw > w - 1 || yw < 0 || yw > h - 1) {
          // Matched outside the other image: no evidence here, the flow stays as it is.
          sxx.data[i] = sxy.data[i] = syy.data[i] = sxt.data[i] = syt.data[i] = 0
          continue
        }
        const ax =
          (a.data[y * w + Math.min(w - 1, x + 1)]! - a.data[y * w + Math.max(0, x - 1)]!) / 2
        const ay =
          (a.data[Math.min(h - 1, y + 1) * w + x]! - a.data[Math.max(0, y - 1) * w + x]!) / 2
        const bx = (sample(b, xw + 1, yw) - sample(b, xw - 1, yw)) / 2
        const by = (sample(b, xw, yw + 1) - sample(b, xw, yw - 1)) / 2
        const gx = (ax + bx) / 2
        const gy = (ay + by) / 2
        const gt = sample(b, xw, yw) - a.data[i]!
        sxx.data[i] = gx * gx
        sxy.data[i] = gx * gy
        syy.data[i] = gy * gy
        sxt.data[i] = gx * gt
        syt.data[i] = gy * gt
      }
    }
    for (const p of planes) boxBlur(p, WINDOW, scratch)
    const nu = createPlane(w, h)
    const nv = createPlane(w, h)
    for (let i = 0; i < n; i++) {
      const a11 = sxx.data[i]! + DAMPING
      const a22 = syy.data[i]! + DAMPING
      const a12 = sxy.data[i]!
      const b1 = -sxt.data[i]!
      const b2 = -syt.data[i]!
      const det = a11 * a22 - a12 * a12
      const du = (a22 * b1 - a12 * b2) / det
      const dv = (a11 * b2 - a12 * b1) / det
      nu.data[i] = u.data[i]! + Math.max(-MAX_STEP, Math.min(MAX_STEP, du))
      nv.data[i] = v.data[i]! + Math.max(-MAX_STEP, Math.min(MAX_STEP, dv))
    }
    u = median3(nu)
    v = median3(nv)
  }
  return { u, v }
}
