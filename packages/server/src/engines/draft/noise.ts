import type { Rng } from './prng.js'

/**
 * Value noise, the cheap smooth randomness behind clouds, fog, ridges and wind. Only used while
 * baking textures and envelopes, never per pixel per frame (draft-engine.md "Budget").
 */
export interface Noise {
  /** Smooth noise in [0, 1] along one axis. */
  at1(x: number): number
  /** Smooth noise in [0, 1] on the plane; repeats every `period` lattice cells along x when set. */
  at2(x: number, y: number, period?: number): number
  /** Fractal sum of octaves in [0, 1]; `period` (cells at the base octave) makes it tile along x. */
  fractal2(x: number, y: number, octaves: number, period?: number): number
  /** Fractal 1-D noise in [0, 1]. */
  fractal1(x: number, octaves: number): number
}

const SIZE = 256

const fade = (t: number): number => t * t * t * (t * (t * 6 - 15) + 10)

/** Builds a noise field whose lattice comes from the given stage generator. */
export function createNoise(rng: Rng): Noise {
  const values = new Float32Array(SIZE)
  const perm = new Uint8Array(SIZE * 2)
  for (let i = 0; i < SIZE; i++) {
    values[i] = rng.next()
    perm[i] = i
  }
  for (let i = SIZE - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const swap = perm[i]!
    perm[i] = perm[j]!
    perm[j] = swap
  }
  for (let i = 0; i < SIZE; i++) perm[i + SIZE] = perm[i]!

  const lattice = (ix: number, iy: number): number => values[perm[(perm[ix & 255]! + iy) & 255]!]!

  const at1 = (x: number): number => {
    const ix = Math.floor(x)
    const f = fade(x - ix)
    const a = values[perm[ix & 255]!]!
    const b = values[perm[(ix + 1) & 255]!]!
    return a + (b - a) * f
  }

  const at2 = (x: number, y: number, period = 0): number => {
    let ix = Math.floor(x)
    const iy = Math.floor(y)
    const fx = fade(x - ix)
    const fy = fade(y - iy)
    let ix1 = ix + 1
    if (period > 0) {
      ix = ((ix % period) + period) % period
      ix1 = (ix + 1) % period
    }
    const a = lattice(ix, iy)
    const b = lattice(ix1, iy)
    const c = lattice(ix, iy + 1)
    const d = lattice(ix1, iy + 1)
    const top = a + (b - a) * fx
    const bottom = c + (d - c) * fx
    return top + (bottom - top) * fy
  }

  return {
    at1,
    at2,
    fractal2: (x, y, octaves, period = 0) => {
      let sum = 0
      let amp = 0.5
      let norm = 0
      let freq = 1
      for (let o = 0; o < octaves; o++) {
        sum += amp * at2(x * freq + o * 17.3, y * freq + o * 31.7, period * freq)
        norm += amp
        amp *= 0.5
        freq *= 2
      }
      return sum / norm
    },
    fractal1: (x, octaves) => {
      let sum = 0
      let amp = 0.5
      let norm = 0
      let freq = 1
      for (let o = 0; o < octaves; o++) {
        sum += amp * at1(x * freq + o * 19.1)
        norm += amp
        amp *= 0.5
        freq *= 2
      }
      return sum / norm
    },
  }
}
