/** Samples per wavetable cycle; tables carry one extra sample so interpolation never wraps. */
export const TABLE_SIZE = 4096

/**
 * One cycle of a tone with the given partial amplitudes (index 0 = fundamental), for oscillators
 * that look up a table instead of calling Math.sin per sample: the audio must cost a few percent of
 * the render (draft-engine.md "Budget").
 */
export function wavetable(partials: readonly number[]): Float32Array {
  const table = new Float32Array(TABLE_SIZE + 1)
  for (let i = 0; i <= TABLE_SIZE; i++) {
    let s = 0
    partials.forEach((amp, h) => {
      s += amp * Math.sin((2 * Math.PI * (h + 1) * i) / TABLE_SIZE)
    })
    table[i] = s
  }
  return table
}

/** Linear-interpolated lookup at a phase in 0..TABLE_SIZE. */
export const lookup = (table: Float32Array, phase: number): number => {
  const p = phase | 0
  return table[p]! + (table[p + 1]! - table[p]!) * (phase - p)
}

/** A pure sine table. */
export const SINE = wavetable([1])
