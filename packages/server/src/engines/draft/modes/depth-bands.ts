import type { Canvas } from '@napi-rs/canvas'
import sharp from 'sharp'
import { boxBlur, createPlane, type Plane } from '../flow/plane.js'
import { canvasOf, type CoverImage } from './load-image.js'

/** One layer of a still image by depth: its pixels where it is, transparent elsewhere. */
export interface DepthLayer {
  /** 0 far … 1 near: how much the camera move carries it. */
  depth: number
  /** Straight RGBA of the layer, `width × (height − y)` pixels. */
  rgba: Buffer
  canvas: Canvas
  /** The frame row of the layer's top (a band is cropped to the rows it reaches). */
  y: number
}

/** The depth map is estimated at this width. */
const MAP_WIDTH = 128
/** Depth of the whole image, under the bands: it moves least. */
const BACKGROUND_DEPTH = 0.15
/** Depth cut-offs (0..1) of the middle and near bands, each feathered over FEATHER. */
const CUTS = [
  { depth: 0.5, at: 0.45 },
  { depth: 0.9, at: 0.72 },
]
const FEATHER = 0.08
/** A band covering less than this share of the image is left out: it would not read as depth. */
const MIN_SHARE = 0.03

const smoothstep = (e0: number, e1: number, x: number) => {
  const u = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)))
  return u * u * (3 - 2 * u)
}

/**
 * Splits an image into depth layers for 2.5D parallax (draft-engine.md "Using the inputs"): a
 * cheap depth cue, no model. Lower in the frame is nearer, sharper detail is nearer (far things
 * are softened by haze and focus), and more saturated colour is nearer (aerial perspective greys
 * the distance). The cue is ranked into 0..1, blurred so bands follow regions rather than pixels,
 * and cut into a middle and a near band with feathered edges, over the whole image. Where a
 * nearer band is solid, the layer under it is filled with a blur of its surroundings, so a band
 * that moves aside uncovers background rather than a copy of itself; the feathered edges keep the
 * original pixels, so at t = 0 the layers add up to the image exactly.
 */
export async function createDepthLayers(image: CoverImage): Promise<DepthLayer[]> {
  const { width: W, height: H } = image
  const mw = Math.min(MAP_WIDTH, W)
  const mh = Math.max(1, Math.round((H * mw) / W))
  const raw = { width: W, height: H, channels: 4 as const }
  const small = await sharp(image.rgba, { raw }).resize(mw, mh, { fit: 'fill' }).raw().toBuffer()
  const depth = rankDepth(depthCue(small, mw, mh))
  boxBlur(depth, Math.max(1, Math.round(mw / 40)))
  const masks: Array<{ depth: number; small: Float32Array; full: Buffer; top: number }> = []
  for (const cut of CUTS) {
    const mask = new Float32Array(mw * mh)
    let share = 0
    let top = mh
    for (let i = 0; i < mask.length; i++) {
      mask[i] = smoothstep(cut.at - FEATHER / 2, cut.at + FEATHER / 2, depth.data[i]!)
      share += mask[i]!
      if (mask[i]! > 0.004) top = Math.min(top, Math.floor(i / mw))
    }
    if (share / mask.length < MIN_SHARE) continue
    const bytes = Buffer.from(mask.map((a) => Math.round(a * 255)))
    const full = await sharp(bytes, { raw: { width: mw, height: mh, channels: 1 } })
      .resize(W, H, { fit: 'fill', kernel: 'cubic' })
      .extractChannel(0)
      .raw()
      .toBuffer()
    masks.push({ depth: cut.depth, small: mask, full, top })
  }
  const layers: DepthLayer[] = []
  for (let k = 0; k <= masks.length; k++) {
    const own = masks[k - 1]
    // Crop a band to the rows it reaches: every band pixel is blended on every frame.
    const y = own ? Math.max(0, Math.floor(((own.top - 1) * H) / mh)) : 0
    const rgba = Buffer.from(image.rgba.subarray(y * W * 4))
    const next = masks[k]
    if (next) await fillUnder(rgba, y, image, small, mw, mh, next.small, next.full)
    if (own) for (let i = 0; i < rgba.length / 4; i++) rgba[i * 4 + 3] = own.full[y * W + i]!
    const depthOf = own ? own.depth : BACKGROUND_DEPTH
    layers.push({ depth: depthOf, rgba, canvas: canvasOf(rgba, W, H - y), y })
  }
  return layers
}

/**
 * Replaces the pixels where the nearer band is solid (alpha 255) with the mean colour of what
 * surrounds that band: normalised convolution at map size, at two radii so large bands fill too.
 */
async function fillUnder(
  rgba: Buffer,
  y0: number,
  image: CoverImage,
  small: Buffer,
  mw: number,
  mh: number,
  nearer: Float32Array,
  nearerFull: Buffer,
): Promise<void> {
  const n = mw * mh
  const spread = (radius: number) => {
    const planes = [0, 1, 2, 3].map(() => createPlane(mw, mh))
    for (let i = 0; i < n; i++) {
      const w = 1 - nearer[i]!
      for (let c = 0; c < 3; c++) planes[c]!.data[i] = small[i * 4 + c]! * w
      planes[3]!.data[i] = w
    }
    for (const p of planes) boxBlur(p, Math.max(1, radius))
    return planes
  }
  const close = spread(Math.round(mw / 12))
  const wide = spread(Math.round(mw / 3))
  const fill = Buffer.alloc(n * 3)
  for (let i = 0; i < n; i++) {
    const from = close[3]!.data[i]! >= 0.02 ? close : wide
    const w = Math.max(1e-6, from[3]!.data[i]!)
    for (let c = 0; c < 3; c++) fill[i * 3 + c] = Math.round(from[c]!.data[i]! / w)
  }
  const full = await sharp(fill, { raw: { width: mw, height: mh, channels: 3 } })
    .resize(image.width, image.height, { fit: 'fill' })
    .raw()
    .toBuffer()
  const W = image.width
  for (let i = 0; i < rgba.length / 4; i++) {
    const p = y0 * W + i
    if (nearerFull[p] !== 255) continue
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = full[p * 3 + c]!
  }
}

/** Per pixel: 0.55·height in frame + 0.25·local detail + 0.2·saturation, each 0..1. */
function depthCue(rgba: Uint8Array, w: number, h: number): Plane {
  const luma = createPlane(w, h)
  const sat = createPlane(w, h)
  for (let i = 0; i < w * h; i++) {
    const r = rgba[i * 4]!
    const g = rgba[i * 4 + 1]!
    const b = rgba[i * 4 + 2]!
    const max = Math.max(r, g, b)
    luma.data[i] = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    sat.data[i] = max > 0 ? (max - Math.min(r, g, b)) / max : 0
  }
  const detail = createPlane(w, h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      const gx = luma.data[y * w + Math.min(w - 1, x + 1)]! - luma.data[y * w + Math.max(0, x - 1)]!
      const gy = luma.data[Math.min(h - 1, y + 1) * w + x]! - luma.data[Math.max(0, y - 1) * w + x]!
      detail.data[i] = Math.hypot(gx, gy)
    }
  }
  boxBlur(detail, 2)
  const detailTop = percentile(detail.data, 0.95) || 1
  const cue = createPlane(w, h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      const d = Math.min(1, detail.data[i]! / detailTop)
      cue.data[i] = 0.55 * (h > 1 ? y / (h - 1) : 0) + 0.25 * d + 0.2 * sat.data[i]!
    }
  }
  return cue
}

/** Values mapped to 0..1 between their 5th and 95th percentiles. */
function rankDepth(cue: Plane): Plane {
  const lo = percentile(cue.data, 0.05)
  const hi = percentile(cue.data, 0.95)
  const span = hi - lo || 1
  for (let i = 0; i < cue.data.length; i++) {
    cue.data[i] = Math.min(1, Math.max(0, (cue.data[i]! - lo) / span))
  }
  return cue
}

function percentile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}
