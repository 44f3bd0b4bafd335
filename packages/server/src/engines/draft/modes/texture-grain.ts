import type { Sharp } from 'sharp'

/** Side of the texture sample, as a fraction of the frame's shorter side. */
const PATCH_FRACTION = 0.2
/** Sigma of the blur whose residue is the texture (fine grain and strokes, not shapes). */
const BLUR_SIGMA = 2
/** Contrast of the texture before its strength applies. */
const GAIN = 2.5

/**
 * The reference image's surface texture as a grain over the frame (draft-engine.md "Edit":
 * texture transfer), in 8-bit levels per pixel, for `lutOffsets`. The most detailed square of the
 * reference, seen at the frame's scale, is high-passed (minus its blur, so only grain and strokes
 * remain, not the reference's shapes) and mirror-tiled over the frame, which hides the seams.
 * Scaled by `strength`, it is added to every channel before the colour transfer: the frame takes
 * the reference's grain without its palette moving, and the grain costs nothing per frame.
 */
export async function textureGrain(
  image: Sharp,
  width: number,
  height: number,
  strength: number,
): Promise<Int8Array> {
  const base = image.clone().resize(width, height, { fit: 'cover', position: 'centre' }).greyscale()
  const [grey, blurred] = await Promise.all([
    base.clone().raw().toBuffer(),
    base.clone().blur(BLUR_SIGMA).raw().toBuffer(),
  ])
  const detail = new Float64Array(width * height)
  for (let i = 0; i < detail.length; i++) detail[i] = grey[i]! - blurred[i]!
  const side = Math.max(16, Math.round(Math.min(width, height) * PATCH_FRACTION))
  const best = busiestSquare(detail, width, height, side)
  const mirror = (v: number) => {
    const m = v % (2 * side)
    return m < side ? m : 2 * side - 1 - m
  }
  const grain = new Int8Array(width * height)
  for (let y = 0; y < height; y++) {
    const sy = best.y + mirror(y)
    for (let x = 0; x < width; x++) {
      const v = strength * GAIN * detail[sy * width + best.x + mirror(x)]!
      grain[y * width + x] = Math.max(-127, Math.min(127, Math.round(v)))
    }
  }
  return grain
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
