import type { Canvas } from '@napi-rs/canvas'
import type { Sharp } from 'sharp'
import { canvasOf } from './load-image.js'

/** Side of the texture sample, as a fraction of the frame's shorter side. */
const PATCH_FRACTION = 0.2
/** Sigma of the blur whose residue is the texture (fine grain and strokes, not shapes). */
const BLUR_SIGMA = 2
/** Contrast of the texture around mid-grey before the overlay's own strength applies. */
const GAIN = 2.5

/**
 * The reference image's surface texture as a frame-sized mid-grey layer for an `overlay` blend
 * (draft-engine.md "Edit": texture transfer). The most detailed square of the reference, seen at
 * the frame's scale, is high-passed (minus its blur, so only grain and strokes remain, not
 * the reference's shapes) and mirror-tiled over the frame, which hides the seams. Mid-grey leaves
 * a pixel unchanged under `overlay`, so the layer adds the reference's grain without moving the
 * palette. Built once; drawing it is one native blend per frame.
 */
export async function textureOverlay(image: Sharp, width: number, height: number): Promise<Canvas> {
  const base = image.clone().resize(width, height, { fit: 'cover', position: 'centre' }).greyscale()
  const [grey, blurred] = await Promise.all([
    base.clone().raw().toBuffer(),
    base.clone().blur(BLUR_SIGMA).raw().toBuffer(),
  ])
  const detail = new Float64Array(width * height)
  for (let i = 0; i < detail.length; i++) detail[i] = grey[i]! - blurred[i]!
  const side = Math.max(16, Math.round(Math.min(width, height) * PATCH_FRACTION))
  const best = busiestSquare(detail, width, height, side)
  const rgba = Buffer.alloc(width * height * 4)
  const mirror = (v: number) => {
    const m = v % (2 * side)
    return m < side ? m : 2 * side - 1 - m
  }
  for (let y = 0; y < height; y++) {
    const sy = best.y + mirror(y)
    for (let x = 0; x < width; x++) {
      const v = detail[sy * width + best.x + mirror(x)]!
      const g = Math.max(0, Math.min(255, Math.round(128 + GAIN * v)))
      const o = (y * width + x) * 4
      rgba[o] = g
      rgba[o + 1] = g
      rgba[o + 2] = g
      rgba[o + 3] = 255
    }
  }
  return canvasOf(rgba, width, height)
}

/** Top-left corner of the `side`-square (on a half-side grid) with the most detail energy. */
function busiestSquare(
  detail: Float64Array,
  w: number,
  h: number,
  side: number,
): { x: number; y: number } {
  let best = { x: 0, y: 0 }
  let bestEnergy = -1
  const step = Math.max(1, Math.floor(side / 2))
  for (let y = 0; y + side <= h; y += step) {
    for (let x = 0; x + side <= w; x += step) {
      let energy = 0
      for (let yy = y; yy < y + side; yy += 2) {
        for (let xx = x; xx < x + side; xx += 2) energy += detail[yy * w + xx]! ** 2
      }
      if (energy > bestEnergy) {
        bestEnergy = energy
        best = { x, y }
      }
    }
  }
  return best
}
