/** An in-place complex FFT of one power-of-two size. */
export interface Fft {
  size: number
  /** Transforms `re`/`im` in place; the inverse is scaled by 1/size. */
  transform(re: Float64Array, im: Float64Array, inverse?: boolean): void
}

const cache = new Map<number, Fft>()

/**
 * A radix-2 FFT with precomputed twiddles and bit reversal, shared by the beat tracker (spectral
 * flux) and the global-motion estimator (phase correlation). Sizes are small (≤ 4096), so a plain
 * iterative transform in doubles is fast enough and needs no dependency.
 */
export function createFft(size: number): Fft {
  const cached = cache.get(size)
  if (cached) return cached
  if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size ${size} is not a power of 2`)
  const bits = Math.log2(size)
  const reversed = new Uint32Array(size)
  for (let i = 0; i < size; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    reversed[i] = r
  }
  const cos = new Float64Array(size / 2)
  const sin = new Float64Array(size / 2)
  for (let i = 0; i < size / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / size)
    sin[i] = Math.sin((2 * Math.PI * i) / size)
  }
  const fft: Fft = {
    size,
    transform(re, im, inverse = false) {
      for (let i = 0; i < size; i++) {
        const j = reversed[i]!
        if (j > i) {
          const tr = re[i]!
          re[i] = re[j]!
          re[j] = tr
          const ti = im[i]!
          im[i] = im[j]!
          im[j] = ti
        }
      }
      const sign = inverse ? 1 : -1
      for (let half = 1; half < size; half *= 2) {
        const step = size / (half * 2)
        for (let start = 0; start < size; start += half * 2) {
          for (let k = 0; k < half; k++) {
            const wr = cos[k * step]!
            const wi = sign * sin[k * step]!
            const a = start + k
            const b = a + half
            const xr = re[b]! * wr - im[b]! * wi
            const xi = re[b]! * wi + im[b]! * wr
            re[b] = re[a]! - xr
            im[b] = im[a]! - xi
            re[a] = re[a]! + xr
            im[a] = im[a]! + xi
          }
        }
      }
      if (inverse) {
        for (let i = 0; i < size; i++) {
          re[i] = re[i]! / size
          im[i] = im[i]! / size
        }
      }
    },
  }
  cache.set(size, fft)
  return fft
}
