import sharp, { type Sharp } from 'sharp'

/** The referenced element, cut out of its image with soft edges, ready to lay over frames. */
export interface Cutout {
  /** Straight RGBA, `side` × `side`; transparent outside the feathered ellipse. */
  rgba: Buffer
  side: number
  /** Where the cut-out's centre sat in the image, as fractions of its width and height. */
  centre: { x: number; y: number }
}

/** The cut-out is read from the image scaled to fit this square. */
const WORK_SIZE = 512
/** Saliency is measured on a thumbnail this wide. */
const THUMB = 64
/** Side of the cut square, as a fraction of the image's shorter side. */
const CUT_FRACTION = 0.62
/** The ellipse is opaque up to this fraction of its radius and fades to 0 at its edge. */
const FEATHER_FROM = 0.6

/**
 * The salient centre of a reference image as a feathered cut-out `side` pixels square
 * (draft-engine.md "Edit"): saliency is each thumbnail pixel's colour distance from the image's
 * mean colour after a small blur (frequency-tuned saliency, Achanta et al. 2009), the centre is
 * the centroid of its square, and the cut is a square around it with an elliptical alpha feather.
 * A product photo on a plain background gives the product; a busy picture gives roughly its middle.
 */
export async function cutOutElement(image: Sharp, side: number): Promise<Cutout> {
  const { data, info } = await image
    .clone()
    .resize(WORK_SIZE, WORK_SIZE, { fit: 'inside' })
    .flatten({ background: '#000000' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const { width, height } = info
  const centre = salientCentre(data, width, height)
  const cut = Math.round(Math.min(width, height) * CUT_FRACTION)
  const left = clamp(Math.round(centre.x * width - cut / 2), 0, width - cut)
  const top = clamp(Math.round(centre.y * height - cut / 2), 0, height - cut)
  const rgb = await sharp(data, { raw: { width, height, channels: 3 } })
    .extract({ left, top, width: cut, height: cut })
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer()
  const rgba = Buffer.alloc(side * side * 4)
  const r = side / 2
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const s = (y * side + x) * 3
      const o = (y * side + x) * 4
      const d = Math.hypot(x + 0.5 - r, y + 0.5 - r) / r
      const u = clamp((d - FEATHER_FROM) / (1 - FEATHER_FROM), 0, 1)
      rgba[o] = rgb[s]!
      rgba[o + 1] = rgb[s + 1]!
      rgba[o + 2] = rgb[s + 2]!
      rgba[o + 3] = Math.round(255 * (1 - u * u * (3 - 2 * u)))
    }
  }
  return { rgba, side, centre }
}

/**
 * Lays the cut-out over straight RGBA pixels `width` × `height` with its top-left corner at
 * (`left`, `top`) (rounded to whole pixels; parts outside the frame are skipped), in place.
 */
export function blendElement(
  frame: Buffer,
  width: number,
  height: number,
  cutout: Cutout,
  left: number,
  top: number,
): void {
  const { rgba, side } = cutout
  const x0 = Math.round(left)
  const y0 = Math.round(top)
  const xFrom = Math.max(0, -x0)
  const xTo = Math.min(side, width - x0)
  for (let y = Math.max(0, -y0); y < side && y0 + y < height; y++) {
    for (let x = xFrom; x < xTo; x++) {
      const s = (y * side + x) * 4
      const a = rgba[s + 3]!
      if (a === 0) continue
      const o = ((y0 + y) * width + x0 + x) * 4
      const b = 255 - a
      // (e·a + f·b) / 255 rounded, without dividing: (x + 128) × 257 >> 16 is exact up to 255².
      frame[o] = ((rgba[s]! * a + frame[o]! * b + 128) * 257) >>> 16
      frame[o + 1] = ((rgba[s + 1]! * a + frame[o + 1]! * b + 128) * 257) >>> 16
      frame[o + 2] = ((rgba[s + 2]! * a + frame[o + 2]! * b + 128) * 257) >>> 16
    }
  }
}

/** Centroid of squared saliency, as fractions of the image's size. */
function salientCentre(rgb: Buffer, width: number, height: number): { x: number; y: number } {
  const tw = THUMB
  const th = Math.max(1, Math.round((THUMB * height) / width))
  const thumb = new Float64Array(tw * th * 3)
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const s =
        (Math.floor(((y + 0.5) * height) / th) * width + Math.floor(((x + 0.5) * width) / tw)) * 3
      // An opponent-colour space is close enough to Lab for ranking distances.
      const [r, g, b] = [rgb[s]!, rgb[s + 1]!, rgb[s + 2]!]
      const o = (y * tw + x) * 3
      thumb[o] = 0.299 * r + 0.587 * g + 0.114 * b
      thumb[o + 1] = r - g
      thumb[o + 2] = 0.5 * (r + g) - b
    }
  }
  const blurred = boxBlur(thumb, tw, th)
  const mean = [0, 1, 2].map((c) => {
    let sum = 0
    for (let i = c; i < blurred.length; i += 3) sum += blurred[i]!
    return sum / (tw * th)
  })
  let total = 0
  let sx = 0
  let sy = 0
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const o = (y * tw + x) * 3
      const d =
        (blurred[o]! - mean[0]!) ** 2 +
        (blurred[o + 1]! - mean[1]!) ** 2 +
        (blurred[o + 2]! - mean[2]!) ** 2
      const w = d * d
      total += w
      sx += w * (x + 0.5)
      sy += w * (y + 0.5)
    }
  }
  return total > 0 ? { x: sx / total / tw, y: sy / total / th } : { x: 0.5, y: 0.5 }
}

/** A 3×3 box blur of a 3-channel grid, edges clamped. */
function boxBlur(grid: Float64Array, w: number, h: number): Float64Array {
  const out = new Float64Array(grid.length)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            sum += grid[(clamp(y + dy, 0, h - 1) * w + clamp(x + dx, 0, w - 1)) * 3 + c]!
          }
        }
        out[(y * w + x) * 3 + c] = sum / 9
      }
    }
  }
  return out
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v)
