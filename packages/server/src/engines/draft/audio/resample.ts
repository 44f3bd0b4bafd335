/** Zero crossings of the sinc on each side of the kernel. */
const ZEROS = 8
/** Table points per zero crossing; values in between are linearly interpolated. */
const STEPS = 128

/** A Hann-windowed sinc from 0 to ZEROS zero crossings, tabulated once. */
const KERNEL = Float32Array.from({ length: ZEROS * STEPS + 2 }, (_, i) => {
  const x = i / STEPS
  if (x === 0) return 1
  if (x >= ZEROS) return 0
  return (Math.sin(Math.PI * x) / (Math.PI * x)) * (0.5 + 0.5 * Math.cos((Math.PI * x) / ZEROS))
})

/**
 * Band-limited resampling by windowed-sinc interpolation (speech comes from eSpeak NG at
 * 22 050 Hz; the soundtrack is 48 kHz). The cut-off sits a little under the lower Nyquist
 * frequency so no images or aliases reach the output.
 */
export function resample(input: Float32Array, from: number, to: number): Float32Array {
  const out = new Float32Array(Math.floor((input.length * to) / from))
  const cutoff = Math.min(1, to / from) * 0.95
  const reach = ZEROS / cutoff
  const ratio = from / to
  for (let j = 0; j < out.length; j++) {
    const t = j * ratio
    const first = Math.max(0, Math.ceil(t - reach))
    const last = Math.min(input.length - 1, Math.floor(t + reach))
    let sum = 0
    for (let k = first; k <= last; k++) {
      const p = Math.abs(t - k) * cutoff * STEPS
      const i = p | 0
      sum += input[k]! * (KERNEL[i]! + (KERNEL[i + 1]! - KERNEL[i]!) * (p - i))
    }
    out[j] = sum * cutoff
  }
  return out
}
