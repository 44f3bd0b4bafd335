/**
 * One channel of floats in row order: the working type of the optical-flow code, which runs on
 * images of at most a few hundred pixels across, where plain typed-array loops are cheap.
 */
export interface Plane {
  width: number
  height: number
  data: Float32Array
}

export const createPlane = (width: number, height: number): Plane => ({
  width,
  height,
  data: new Float32Array(width * height),
})

/**
 * Rec. 709 luma of interleaved 8-bit pixels (`channels` 3 or 4), normalised to mean 0 and
 * deviation 1 so a change of exposure between two photos does not read as motion.
 */
export function lumaPlane(pixels: Uint8Array, width: number, height: number, channels: number) {
  const plane = createPlane(width, height)
  const d = plane.data
  let sum = 0
  for (let i = 0, o = 0; i < d.length; i++, o += channels) {
    const y = 0.2126 * pixels[o]! + 0.7152 * pixels[o + 1]! + 0.0722 * pixels[o + 2]!
    d[i] = y
    sum += y
  }
  const mean = sum / d.length
  let sq = 0
  for (let i = 0; i < d.length; i++) sq += (d[i]! - mean) ** 2
  const k = 1 / Math.max(1, Math.sqrt(sq / d.length))
  for (let i = 0; i < d.length; i++) d[i] = (d[i]! - mean) * k
  return plane
}

/** Half the size, each pixel the mean of a 2×2 block (odd edges clamp). */
export function halve(p: Plane): Plane {
  const w = Math.max(1, p.width >> 1)
  const h = Math.max(1, p.height >> 1)
  const out = createPlane(w, h)
  for (let y = 0; y < h; y++) {
    const y0 = Math.min(p.height - 1, 2 * y) * p.width
    const y1 = Math.min(p.height - 1, 2 * y + 1) * p.width
    for (let x = 0; x < w; x++) {
      const x0 = Math.min(p.width - 1, 2 * x)
      const x1 = Math.min(p.width - 1, 2 * x + 1)
      out.data[y * w + x] =
        (p.data[y0 + x0]! + p.data[y0 + x1]! + p.data[y1 + x0]! + p.data[y1 + x1]!) / 4
    }
  }
  return out
}

/** Whether a point falls on the plane's pixels (their centres ± half a pixel). */
export const isInside = (p: Plane, x: number, y: number): boolean =>
  x >= -0.5 && x <= p.width - 0.5 && y >= -0.5 && y <= p.height - 0.5

/** Bilinear sample at (x, y), clamped to the edges. */
export function sample(p: Plane, x: number, y: number): number {
  const w = p.width
  const h = p.height
  const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x
  const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y
  const x0 = cx | 0
  const y0 = cy | 0
  const x1 = x0 < w - 1 ? x0 + 1 : x0
  const y1 = y0 < h - 1 ? y0 + 1 : y0
  const ax = cx - x0
  const ay = cy - y0
  const d = p.data
  const top = d[y0 * w + x0]! + (d[y0 * w + x1]! - d[y0 * w + x0]!) * ax
  const bottom = d[y1 * w + x0]! + (d[y1 * w + x1]! - d[y1 * w + x0]!) * ax
  return top + (bottom - top) * ay
}

/** A plane resampled bilinearly to another size (pixel centres aligned), values times `gain`. */
export function resize(p: Plane, width: number, height: number, gain = 1): Plane {
  const out = createPlane(width, height)
  const sx = p.width / width
  const sy = p.height / height
  for (let y = 0; y < height; y++) {
    const fy = (y + 0.5) * sy - 0.5
    for (let x = 0; x < width; x++) {
      out.data[y * width + x] = sample(p, (x + 0.5) * sx - 0.5, fy) * gain
    }
  }
  return out
}

/** Box blur of radius `r` (a (2r+1)² mean), separable running sums, edges clamped; in place. */
export function boxBlur(
  p: Plane,
  r: number,
  scratch: Float32Array = new Float32Array(p.data.length),
): Plane {
  if (r < 1) return p
  const { width: w, height: h, data } = p
  const n = 2 * r + 1
  for (let y = 0; y < h; y++) {
    const row = y * w
    let acc = 0
    for (let k = -r; k <= r; k++) acc += data[row + clampIndex(k, w)]!
    for (let x = 0; x < w; x++) {
      scratch[row + x] = acc / n
      acc += data[row + clampIndex(x + r + 1, w)]! - data[row + clampIndex(x - r, w)]!
    }
  }
  for (let x = 0; x < w; x++) {
    let acc = 0
    for (let k = -r; k <= r; k++) acc += scratch[clampIndex(k, h) * w + x]!
    for (let y = 0; y < h; y++) {
      data[y * w + x] = acc / n
      acc += scratch[clampIndex(y + r + 1, h) * w + x]! - scratch[clampIndex(y - r, h) * w + x]!
    }
  }
  return p
}

const clampIndex = (i: number, n: number): number => (i < 0 ? 0 : i >= n ? n - 1 : i)

/**
 * Median of each 3×3 neighbourhood (edges clamped): removes lone outliers from a flow field. Each
 * column of three is sorted once and shared by the three windows over it; a window's median is
 * then the median of its columns' lows' maximum, middles' median and highs' minimum (Paeth's
 * exact decomposition), a dozen comparisons instead of sorting nine values.
 */
export function median3(p: Plane): Plane {
  const { width: w, height: h, data } = p
  const out = createPlane(w, h)
  const lo = new Float32Array(w)
  const mid = new Float32Array(w)
  const hi = new Float32Array(w)
  for (let y = 0; y < h; y++) {
    const up = clampIndex(y - 1, h) * w
    const row = y * w
    const down = clampIndex(y + 1, h) * w
    for (let x = 0; x < w; x++) {
      const a = data[up + x]!
      const b = data[row + x]!
      const c = data[down + x]!
      lo[x] = Math.min(a, b, c)
      hi[x] = Math.max(a, b, c)
      mid[x] = median(a, b, c)
    }
    for (let x = 0; x < w; x++) {
      const l = x > 0 ? x - 1 : 0
      const r = x < w - 1 ? x + 1 : w - 1
      const maxLo = Math.max(lo[l]!, lo[x]!, lo[r]!)
      const minHi = Math.min(hi[l]!, hi[x]!, hi[r]!)
      out.data[row + x] = median(maxLo, median(mid[l]!, mid[x]!, mid[r]!), minHi)
    }
  }
  return out
}

const median = (a: number, b: number, c: number): number =>
  Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
