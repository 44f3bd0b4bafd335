import type { Projection } from './project-flow.js'

/** The two images at the warp's (reduced) size, straight RGBA. */
export interface WarpImages {
  width: number
  height: number
  a: Uint8Array
  b: Uint8Array
}

/** Visibility never weighs a sample to nothing on its own: cover decides between two unseen. */
const UNSEEN = 0.05

/** Warps one in-between frame; see `createWarpBlend`. */
export type WarpBlend = (
  pa: Projection,
  pb: Projection,
  t: number,
  gain: number,
  out: Uint8ClampedArray,
) => Rect[]

/**
 * One in-between frame at time `t` (0 = first image, 1 = last) by backward warping both images
 * along their projected flows (project-flow.ts) and blending them (draft-engine.md "Using the
 * inputs"). The weights (1−t) and t are scaled by how much of each image lands on the pixel and
 * how visible it is in the other image, so a region that one image lacks (disoccluded, hidden or
 * outside its frame) comes from the other instead of ghosting. Only pixels the projections mask
 * are computed, tile by tile. Writes straight RGBA into `out` (alpha = mask × `gain`, 0 where
 * nothing is computed) and returns the rectangles to draw: per row of tiles, the span of the
 * tiles computed (none when nothing is masked). `fw` × `fh` is the projections' (flow) size; the
 * per-frame tables are allocated once here, not per frame.
 */
export function createWarpBlend(img: WarpImages, fw: number, fh: number): WarpBlend {
  const { width: w } = img
  const kx = fw / w
  // Where each output column falls between flow columns.
  const col0 = new Int32Array(w)
  const col1 = new Int32Array(w)
  const colF = new Float32Array(w)
  for (let x = 0; x < w; x++) {
    const gx = Math.min(fw - 1, Math.max(0, (x + 0.5) * kx - 0.5))
    col0[x] = gx | 0
    col1[x] = Math.min(fw - 1, (gx | 0) + 1)
    colF[x] = gx - (gx | 0)
  }
  const tables: Tables = { col0, col1, colF, field: new Float32Array(fw * fh * FIELD) }
  return (pa, pb, t, gain, out) => warpFrame(img, tables, pa, pb, t, gain, out)
}

interface Tables {
  col0: Int32Array
  col1: Int32Array
  colF: Float32Array
  /**
   * Per flow pixel, interleaved so a warp pixel reads its four neighbours in one sweep: the
   * overlay's alpha, the offsets to both samples (in warp pixels) and each image's base weight.
   */
  field: Float32Array
}

/** One frame of `createWarpBlend`, a plain function so its loop variables stay in registers. */
function warpFrame(
  img: WarpImages,
  tables: Tables,
  pa: Projection,
  pb: Projection,
  t: number,
  gain: number,
  out: Uint8ClampedArray,
): Rect[] {
  const { width: w, height: h, a, b } = img
  const { col0, col1, colF, field } = tables
  const fw = pa.u.width
  const fh = pa.u.height
  const kx = fw / w
  const ky = fh / h
  const maxX = w - 1
  const maxY = h - 1
  let anyMask = false
  for (let i = 0, o = 0; i < fw * fh; i++, o += FIELD) {
    const m = Math.max(pa.mask.data[i]!, pb.mask.data[i]!) * gain
    anyMask ||= m >= 0.004
    field[o] = m
    field[o + 1] = pa.u.data[i]! / kx
    field[o + 2] = pa.v.data[i]! / ky
    field[o + 3] = pb.u.data[i]! / kx
    field[o + 4] = pb.v.data[i]! / ky
    field[o + 5] = (1 - t) * pa.cover.data[i]! * (UNSEEN + pa.visible.data[i]!)
    field[o + 6] = t * pb.cover.data[i]! * (UNSEEN + pb.visible.data[i]!)
  }
  if (!anyMask) return []
  out.fill(0)
  const runs: Rect[] = []
  for (let ty = 0; ty < h; ty += TILE) {
    let run: Rect | undefined
    for (let tx = 0; tx < w; tx += TILE) {
      const tw = Math.min(TILE, w - tx)
      const th = Math.min(TILE, h - ty)
      const r0 = rowOf(ty, ky, fh)
      const r1 = rowOf(ty + th, ky, fh) + 1
      if (!masked(field, fw, col0[tx]!, col1[tx + tw - 1]!, r0, r1)) continue
      if (run && run.x + run.width === tx) run.width += tw
      else {
        run = { x: tx, y: ty, width: tw, height: th }
        runs.push(run)
      }
      for (let y = ty; y < ty + th; y++) {
        const gy = Math.min(fh - 1, Math.max(0, (y + 0.5) * ky - 0.5))
        const fy = gy - (gy | 0)
        const row0 = (gy | 0) * fw
        const row1 = Math.min(fh - 1, (gy | 0) + 1) * fw
        for (let x = tx; x < tx + tw; x++) {
          const fx = colF[x]!
          const i00 = (row0 + col0[x]!) * FIELD
          const i01 = (row0 + col1[x]!) * FIELD
          const i10 = (row1 + col0[x]!) * FIELD
          const i11 = (row1 + col1[x]!) * FIELD
          const k00 = (1 - fx) * (1 - fy)
          const k01 = fx * (1 - fy)
          const k10 = (1 - fx) * fy
          const k11 = fx * fy
          const alpha =
            field[i00]! * k00 + field[i01]! * k01 + field[i10]! * k10 + field[i11]! * k11
          if (alpha < 0.004) continue
          // The six other field values, interpolated like the alpha (written out: a helper
          // function here is not reliably inlined, and this loop is the overlay's cost).
          const ax =
            x +
            field[i00 + 1]! * k00 +
            field[i01 + 1]! * k01 +
            field[i10 + 1]! * k10 +
            field[i11 + 1]! * k11
          const ay =
            y +
            field[i00 + 2]! * k00 +
            field[i01 + 2]! * k01 +
            field[i10 + 2]! * k10 +
            field[i11 + 2]! * k11
          const bx =
            x +
            field[i00 + 3]! * k00 +
            field[i01 + 3]! * k01 +
            field[i10 + 3]! * k10 +
            field[i11 + 3]! * k11
          const by =
            y +
            field[i00 + 4]! * k00 +
            field[i01 + 4]! * k01 +
            field[i10 + 4]! * k10 +
            field[i11 + 4]! * k11
          const baseA =
            field[i00 + 5]! * k00 +
            field[i01 + 5]! * k01 +
            field[i10 + 5]! * k10 +
            field[i11 + 5]! * k11
          const baseB =
            field[i00 + 6]! * k00 +
            field[i01 + 6]! * k01 +
            field[i10 + 6]! * k10 +
            field[i11 + 6]! * k11
          const inA = ax > -0.5 && ax < maxX + 0.5 && ay > -0.5 && ay < maxY + 0.5 ? 1 : 0
          const inB = bx > -0.5 && bx < maxX + 0.5 && by > -0.5 && by < maxY + 0.5 ? 1 : 0
          let wa = inA * baseA
          let wb = inB * baseB
          if (wa + wb < 1e-4) {
            wa = (1 - t) * inA
            wb = t * inB
            if (wa + wb === 0) {
              wa = 1 - t
              wb = t
            }
          }
          const norm = 1 / (wa + wb)
          const o = (y * w + x) * 4
          sampleInto(out, o, a, w, maxX, maxY, ax, ay, wa * norm, true)
          sampleInto(out, o, b, w, maxX, maxY, bx, by, wb * norm, false)
          out[o + 3] = alpha > 1 ? 255 : alpha * 255
        }
      }
    }
  }
  return mergeRuns(runs)
}

/** Side of the square tiles the mask is tested on before any pixel is computed. */
const TILE = 16
/** Values per flow pixel in the interleaved field (see warpBlend). */
const FIELD = 7

/** A rectangle of warp pixels. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

const rowOf = (y: number, ky: number, fh: number) =>
  Math.min(fh - 1, Math.max(0, Math.floor((y + 0.5) * ky - 0.5)))

/** Whether any flow cell in columns c0..c1 and rows r0..r1 (inclusive, clamped) is masked. */
function masked(field: Float32Array, fw: number, c0: number, c1: number, r0: number, r1: number) {
  const rows = field.length / FIELD / fw
  for (let r = r0; r <= Math.min(rows - 1, r1); r++) {
    for (let c = c0; c <= c1; c++) if (field[(r * fw + c) * FIELD]! >= 0.004) return true
  }
  return false
}

const grow = (r: Rect, x: number, y: number, w: number, h: number): Rect => {
  const x1 = Math.max(r.x + r.width, x + w)
  const y1 = Math.max(r.y + r.height, y + h)
  const x0 = Math.min(r.x, x)
  const y0 = Math.min(r.y, y)
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/**
 * Joins runs of tiles (in row order) into fewer rectangles where that adds little area: each
 * rectangle is one upload and one scaled draw, and a few larger ones cost less than many small.
 */
function mergeRuns(runs: Rect[]): Rect[] {
  const done: Rect[] = []
  let open: Rect[] = []
  let y = -1
  for (const run of runs) {
    if (run.y !== y) {
      // A new row of tiles: rectangles that did not reach the previous row are finished.
      done.push(...open.filter((r) => r.y + r.height < run.y))
      open = open.filter((r) => r.y + r.height === run.y)
      y = run.y
    }
    const i = open.findIndex((r) => r.x < run.x + run.width && run.x < r.x + r.width)
    const into = open[i]
    if (into) {
      const joined = grow(into, run.x, run.y, run.width, run.height)
      if (
        joined.width * joined.height <=
        1.5 * (into.width * into.height + run.width * run.height)
      ) {
        open[i] = joined
        continue
      }
    }
    open.push({ ...run })
  }
  return [...done, ...open]
}

/** Adds (or with `first`, writes) `weight` × the bilinear sample of `img` at (x, y), clamped. */
function sampleInto(
  out: Uint8ClampedArray,
  o: number,
  img: Uint8Array,
  w: number,
  maxX: number,
  maxY: number,
  x: number,
  y: number,
  weight: number,
  first: boolean,
): void {
  const cx = x < 0 ? 0 : x > maxX ? maxX : x
  const cy = y < 0 ? 0 : y > maxY ? maxY : y
  const x0 = cx | 0
  const y0 = cy | 0
  const fx = cx - x0
  const fy = cy - y0
  const i = (y0 * w + x0) * 4
  const dx = x0 < maxX ? 4 : 0
  const dy = y0 < maxY ? w * 4 : 0
  const k00 = weight * (1 - fx) * (1 - fy)
  const k01 = weight * fx * (1 - fy)
  const k10 = weight * (1 - fx) * fy
  const k11 = weight * fx * fy
  for (let c = 0; c < 3; c++) {
    const v =
      img[i + c]! * k00 +
      img[i + dx + c]! * k01 +
      img[i + dy + c]! * k10 +
      img[i + dy + dx + c]! * k11
    out[o + c] = first ? v : out[o + c]! + v
  }
}
