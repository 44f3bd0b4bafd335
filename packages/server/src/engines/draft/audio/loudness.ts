import { inChunks } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'

/** The two K-weighting stages of ITU-R BS.1770-4 at 48 kHz (its Tables 1 and 2), as biquads. */
const SHELF = {
  b: [1.53512485958697, -2.69169618940638, 1.19839281085285],
  a: [-1.69065929318241, 0.73248077421585],
} as const
const HIGHPASS = { b: [1, -2, 1], a: [-1.99004745483398, 0.99007225036621] } as const

/** Gating blocks are 400 ms long and start every 100 ms (75 % overlap). */
const HOP = SAMPLE_RATE / 10
const ABSOLUTE_GATE = -70
const RELATIVE_GATE = -10

const toLufs = (meanSquare: number): number => -0.691 + 10 * Math.log10(meanSquare)

/** The K-weighting filters' memory, carried from one hop to the next. */
interface Weighting {
  x1: number
  x2: number
  y1: number
  y2: number
  z1: number
  z2: number
}

/** Sum of squares of the K-weighted channel over the hops from `from` to `to`. */
function weighHops(x: Float32Array, hops: Float64Array, from: number, to: number, w: Weighting) {
  const [sb0, sb1, sb2] = SHELF.b
  const [sa1, sa2] = SHELF.a
  const [hb0, hb1, hb2] = HIGHPASS.b
  const [ha1, ha2] = HIGHPASS.a
  let { x1, x2, y1, y2, z1, z2 } = w
  for (let h = from; h < to; h++) {
    let sum = 0
    for (let i = h * HOP, end = i + HOP; i < end; i++) {
      const v = x[i]!
      const y = sb0 * v + sb1 * x1 + sb2 * x2 - sa1 * y1 - sa2 * y2
      x2 = x1
      x1 = v
      const z = hb0 * y + hb1 * y1 + hb2 * y2 - ha1 * z1 - ha2 * z2
      y2 = y1
      y1 = y
      z2 = z1
      z1 = z
      sum += z * z
    }
    hops[h] = sum
  }
  Object.assign(w, { x1, x2, y1, y2, z1, z2 })
}

/**
 * Sum of squares of the K-weighted channel over each 100 ms hop (the last partial hop dropped),
 * a hop at a time between paces (pace.ts).
 */
async function weightedHops(x: Float32Array): Promise<Float64Array> {
  const hops = new Float64Array(Math.floor(x.length / HOP))
  const w = { x1: 0, x2: 0, y1: 0, y2: 0, z1: 0, z2: 0 }
  await inChunks(hops.length, (from, to) => weighHops(x, hops, from, to, w), 1)
  return hops
}

/**
 * Integrated loudness in LUFS of a stereo signal by ITU-R BS.1770-4: K-weighting, mean square
 * over 400 ms blocks every 100 ms, an absolute gate at -70 LUFS, then a relative gate 10 LU under
 * the loudness of the blocks that passed. -Infinity for silence or a signal shorter than a block.
 */
export async function integratedLoudness(sound: Stereo): Promise<number> {
  const left = await weightedHops(sound.left)
  const right = await weightedHops(sound.right)
  const blocks: number[] = []
  for (let h = 0; h + 4 <= left.length; h++) {
    let sum = 0
    for (let k = h; k < h + 4; k++) sum += left[k]! + right[k]!
    blocks.push(sum / (4 * HOP))
  }
  const gated = (floor: number) => blocks.filter((z) => toLufs(z) > floor)
  const loud = gated(ABSOLUTE_GATE)
  if (loud.length === 0) return -Infinity
  const mean = (zs: number[]) => zs.reduce((s, z) => s + z, 0) / zs.length
  const kept = gated(toLufs(mean(loud)) + RELATIVE_GATE).filter((z) => toLufs(z) > ABSOLUTE_GATE)
  return toLufs(mean(kept))
}
