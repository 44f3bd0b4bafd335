import sharp from 'sharp'
import type { RawImage } from './load-image.js'

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
 * Only the grey picture is resized (a quarter of the work of resizing colour), and the square is
 * found from a summed-area table of the detail energy.
 */
export async function textureGrain(
  image: RawImage,
  width: number,
  height: number,
  strength: number,
): Promise<Int8Array> {
  const luma = new Uint8Array(image.width * image.height)
  const { data, channels } = image
  for (let i = 0, o = 0; i < luma.length; i++, o += channels) {
    luma[i] =
      channels < 3 ? data[o]! : (data[o]! * 77 + data[o + 1]! * 150 + data[o + 2]! * 29 + 128) >> 8
  }
  const grey = await sharp(luma, { raw: { width: image.width, height: image.height, channels: 1 } })
    .resize(width, height, { fit: 'cover', position: 'centre' })
    .toColourspace('b-w')
    .raw()
    .toBuffer()
  // One band in, one band out: sharp would otherwise hand back sRGB, three bands a pixel.
  const blurred = await sharp(grey, { raw: { width, height, channels: 1 } })
    .blur(BLUR_SIGMA)
    .toColourspace('b-w')
    .raw()
    .toBuffer()
  const side = Math.max(16, Math.round(Math.min(width, height) * PATCH_FRACTION))
  const best = busiestSquare(grey, blurred, width, height, side)
  const scale = strength * GAIN
  const tile = new Int8Array(side * side)
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (best.y + y) * width + best.x + x
      const v = Math.round(scale * (grey[i]! - blurred[i]!))
      tile[y * side + x] = v < -127 ? -127 : v > 127 ? 127 : v
    }
  }
  // Mirror tiling: column x of the frame reads column mirror(x) of the tile, likewise rows.
  const mirror = (v: number) => {
    const m = v % (2 * side)
    return m < side ? m : 2 * side - 1 - m
  }
  const columns = Int32Array.from({ length: width }, (_, x) => mirror(x))
  const grain = new Int8Array(width * height)
  for (let y = 0; y < height; y++) {
    const from = mirror(y) * side
    const row = y * width
    for (let x = 0; x < width; x++) grain[row + x] = tile[from + columns[x]!]!
  }
  return grain
}

/**
 * Top-left corner of the `side`-square (on a half-side grid) with the most detail energy,
 * measured on every other pixel of every other row.
 */
function busiestSquare(
  grey: Uint8Array,
  blurred: Uint8Array,
  w: number,
  h: number,
  side: number,
): { x: number; y: number } {
  // Summed-area table of the energy on the even grid: sums[(j+1)·(gw+1) + i+1] covers the grid
  // points (0..i, 0..j), grid point (i, j) being pixel (2i, 2j).
  const gw = Math.ceil(w / 2)
  const gh = Math.ceil(h / 2)
  const sums = new Float64Array((gw + 1) * (gh + 1))
  for (let j = 0; j < gh; j++) {
    let run = 0
    for (let i = 0; i < gw; i++) {
      const p = 2 * j * w + 2 * i
      const d = grey[p]! - blurred[p]!
      run += d * d
      sums[(j + 1) * (gw + 1) + i + 1] = sums[j * (gw + 1) + i + 1]! + run
    }
  }
  const area = (x0: number, y0: number, x1: number, y1: number) =>
    sums[y1 * (gw + 1) + x1]! -
    sums[y0 * (gw + 1) + x1]! -
    sums[y1 * (gw + 1) + x0]! +
    sums[y0 * (gw + 1) + x0]!
  let best = { x: 0, y: 0 }
  let bestEnergy = -1
  const step = Math.max(1, Math.floor(side / 2))
  for (let y = 0; y + side <= h; y += step) {
    for (let x = 0; x + side <= w; x += step) {
      // Even pixels from x to x + side − 1: grid points ceil(x/2) .. ceil((x + side)/2) − 1.
      const energy = area(
        Math.ceil(x / 2),
        Math.ceil(y / 2),
        Math.ceil((x + side) / 2),
        Math.ceil((y + side) / 2),
      )
      if (energy > bestEnergy) {
        bestEnergy = energy
        best = { x, y }
      }
    }
  }
  return best
}
