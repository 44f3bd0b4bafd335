import { createFft } from '../fft.js'

/** How far the picture's content moved between two frames, in output pixels. */
interface Shift {
  dx: number
  dy: number
  /** Height of the phase-correlation peak, 0..1: near 1 for a clean shift, low for a cut or noise. */
  confidence: number
}

/** Where the content of a frame has travelled since the first frame, in output pixels. */
export interface Travel {
  x: number
  y: number
}

/** Follows the global motion of a stream of frames, one frame at a time. */
export interface MotionTracker {
  /**
   * How far the content of this frame has moved since the first frame pushed. `rgba` is straight
   * RGBA at the tracker's size; only a sparse sample of it is read.
   */
  push(rgba: Uint8Array): Travel
}

/** The downscaled grid the correlation runs on: powers of two for the FFT, wide for video. */
const GW = 128
const GH = 64
/** Below this peak height the estimate is noise (a cut, a flat frame) and reads as no motion. */
const MIN_CONFIDENCE = 0.08
/** Along an axis where the correlation stays this high a share of its peak, motion is unknown. */
const RIDGE = 0.3

/**
 * Global motion by phase correlation (draft-engine.md "Edit", "Extend"): each frame is reduced to
 * a 128×64 grey grid (a 2×2 sample per cell), mean-removed and Hann-windowed, and transformed once;
 * the normalised cross-power spectrum against an anchor frame peaks at the shift between them,
 * refined to a fraction of a cell. Measuring against an anchor, kept until the content has moved
 * an eighth of the frame or a cut breaks the match, keeps the per-frame errors from adding up over
 * a long pan. About 2 ms a frame whatever the output size, so it can run on every decoded frame.
 */
export function createMotionTracker(width: number, height: number): MotionTracker {
  const grid = gridOf(width, height)
  const scratch = spectrum()
  let anchor: Spectrum | undefined
  // Spectra are reused: a frame's spectrum is written over the last one not kept as the anchor.
  let spare = spectrum()
  let from: Travel = { x: 0, y: 0 }
  let travel: Travel = { x: 0, y: 0 }
  const keep = (current: Spectrum) => {
    spare = anchor ?? spectrum()
    anchor = current
  }
  return {
    push(rgba) {
      const current = grid(rgba, spare)
      if (!anchor) {
        keep(current)
        return travel
      }
      const shift = correlate(anchor, current, scratch, width / GW, height / GH)
      if (shift.confidence < MIN_CONFIDENCE) {
        // A cut or a blank frame: the content did not move, it changed. Start over from here.
        keep(current)
        from = travel
        return travel
      }
      travel = { x: from.x + shift.dx, y: from.y + shift.dy }
      if (Math.abs(shift.dx) > width / 8 || Math.abs(shift.dy) > height / 8) {
        keep(current)
        from = travel
      }
      return travel
    },
  }
}

interface Spectrum {
  re: Float64Array
  im: Float64Array
}

const spectrum = (): Spectrum => ({ re: new Float64Array(GW * GH), im: new Float64Array(GW * GH) })

/** The function writing a frame's windowed grey-grid spectrum into the one it is given. */
function gridOf(width: number, height: number): (rgba: Uint8Array, into: Spectrum) => Spectrum {
  const n = GW * GH
  const window = new Float64Array(n)
  for (let y = 0; y < GH; y++) {
    for (let x = 0; x < GW; x++) {
      window[y * GW + x] =
        (0.5 - 0.5 * Math.cos((2 * Math.PI * (x + 0.5)) / GW)) *
        (0.5 - 0.5 * Math.cos((2 * Math.PI * (y + 0.5)) / GH))
    }
  }
  const samples = new Uint32Array(n * 4)
  for (let gy = 0; gy < GH; gy++) {
    for (let gx = 0; gx < GW; gx++) {
      for (let s = 0; s < 4; s++) {
        const x = Math.min(width - 1, Math.floor(((gx + 0.25 + 0.5 * (s & 1)) * width) / GW))
        const y = Math.min(height - 1, Math.floor(((gy + 0.25 + 0.5 * (s >> 1)) * height) / GH))
        samples[(gy * GW + gx) * 4 + s] = (y * width + x) * 4
      }
    }
  }
  return (rgba, into) => {
    const { re, im } = into
    im.fill(0)
    let mean = 0
    for (let i = 0; i < n; i++) {
      let sum = 0
      for (let s = 0; s < 4; s++) {
        const o = samples[i * 4 + s]!
        sum += rgba[o]! * 77 + rgba[o + 1]! * 150 + rgba[o + 2]! * 29
      }
      re[i] = sum
      mean += sum
    }
    mean /= n
    for (let i = 0; i < n; i++) re[i] = (re[i]! - mean) * window[i]!
    fft2d(re, im, false)
    return into
  }
}

/** The peak of the inverse normalised cross-power spectrum of b against a, as a shift. */
function correlate(
  a: Spectrum,
  b: Spectrum,
  scratch: Spectrum,
  scaleX: number,
  scaleY: number,
): Shift {
  const { re: ar, im: ai } = a
  const { re: br, im: bi } = b
  const n = GW * GH
  const { re, im } = scratch
  for (let i = 0; i < n; i++) {
    const r = br[i]! * ar[i]! + bi[i]! * ai[i]!
    const m = bi[i]! * ar[i]! - br[i]! * ai[i]!
    const mag = Math.hypot(r, m) + 1e-9
    re[i] = r / mag
    im[i] = m / mag
  }
  fft2d(re, im, true)
  let best = 0
  for (let i = 1; i < n; i++) if (re[i]! > re[best]!) best = i
  const confidence = re[best]!
  if (confidence < MIN_CONFIDENCE) return { dx: 0, dy: 0, confidence }
  const px = best % GW
  const py = Math.floor(best / GW)
  const at = (x: number, y: number) => re[((y + GH) % GH) * GW + ((x + GW) % GW)]!
  // A sub-cell shift δ spreads the peak like a sinc: the larger neighbour over the sum of it and
  // the peak is δ (Foroosh, Zerubia and Berthod 2002).
  const fraction = (before: number, after: number) => {
    const side = Math.max(0, before, after)
    return (after >= before ? 1 : -1) * (side / (side + confidence))
  }
  const fx = px + fraction(at(px - 1, py), at(px + 1, py))
  const fy = py + fraction(at(px, py - 1), at(px, py + 1))
  // The aperture problem: a picture with structure along one axis only (vertical stripes) gives
  // a ridge, not a peak, and says nothing about motion along the ridge.
  const ridge = (count: number, value: (k: number) => number) => {
    let sum = 0
    for (let k = 3; k < count - 2; k++) sum += value(k)
    return sum / (count - 5) > RIDGE * confidence
  }
  const wrap = (v: number, size: number) => (v > size / 2 ? v - size : v)
  return {
    dx: ridge(GW, (k) => at(px + k, py)) ? 0 : wrap(fx, GW) * scaleX,
    dy: ridge(GH, (k) => at(px, py + k)) ? 0 : wrap(fy, GH) * scaleY,
    confidence,
  }
}

const rr = new Float64Array(GW)
const ri = new Float64Array(GW)
const cr = new Float64Array(GH)
const ci = new Float64Array(GH)

/** A 2-D FFT in place over the GW × GH grid: rows, then columns (through shared line buffers). */
function fft2d(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const rows = createFft(GW)
  const cols = createFft(GH)
  for (let y = 0; y < GH; y++) {
    rr.set(re.subarray(y * GW, y * GW + GW))
    ri.set(im.subarray(y * GW, y * GW + GW))
    rows.transform(rr, ri, inverse)
    re.set(rr, y * GW)
    im.set(ri, y * GW)
  }
  for (let x = 0; x < GW; x++) {
    for (let y = 0; y < GH; y++) {
      cr[y] = re[y * GW + x]!
      ci[y] = im[y * GW + x]!
    }
    cols.transform(cr, ci, inverse)
    for (let y = 0; y < GH; y++) {
      re[y * GW + x] = cr[y]!
      im[y * GW + x] = ci[y]!
    }
  }
}
