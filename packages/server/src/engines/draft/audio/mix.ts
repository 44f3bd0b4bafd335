import { integratedLoudness } from './loudness.js'
import { inChunks } from '../pace.js'
import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'

/** The three buses of the mix; a missing or silent bus is left out. */
export interface Buses {
  dialogue?: Stereo
  effects?: Stereo
  music?: Stereo
}

/**
 * Loudness of each bus relative to the loudest one present, LU (issue 4: dialogue over effects
 * over music). Under speech the ducking takes effects and music further down.
 */
const LEVELS = {
  withDialogue: { dialogue: 0, effects: -9, music: -14 },
  withoutDialogue: { dialogue: 0, effects: 0, music: -5 },
} as const

/** How far effects and music dip while someone speaks (fractions of their level). */
const DUCK = { effects: 0.45, music: 0.6 } as const
const BLOCK = 64

/**
 * How much speech there is at each block, 0 … 1: the dialogue's envelope (fast attack, 300 ms
 * release so the duck holds between words) against a quarter of its loudest, eased in and out.
 */
function speaking(dialogue: Stereo): Float32Array {
  const n = dialogue.left.length
  const blocks = Math.ceil(n / BLOCK)
  const env = new Float32Array(blocks)
  const release = Math.exp(-BLOCK / (0.3 * SAMPLE_RATE))
  let level = 0
  let max = 0
  for (let b = 0; b < blocks; b++) {
    let peak = 0
    for (let i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
      const a = Math.abs(dialogue.left[i]!)
      if (a > peak) peak = a
    }
    level = peak > level ? peak : level * release
    env[b] = level
    if (level > max) max = level
  }
  let smooth = 0
  for (let b = 0; b < blocks; b++) {
    const target = max > 0 ? Math.min(1, env[b]! / (0.25 * max)) : 0
    // About 50 ms to duck, 200 ms to come back.
    smooth += (target - smooth) * (target > smooth ? 0.06 : 0.015)
    env[b] = smooth
  }
  return env
}

/** Adds `bus` at `gain` to `out` over `from` … `to`, ducked by `depth` of the speech envelope. */
function addBus(
  out: Stereo,
  bus: Stereo,
  gain: number,
  depth: number,
  duck: Float32Array | undefined,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const g = gain * (depth > 0 ? 1 - depth * duck![Math.floor(i / BLOCK)]! : 1)
    out.left[i]! += bus.left[i]! * g
    out.right[i]! += bus.right[i]! * g
  }
}

/**
 * Mixes the buses (draft-engine.md "Mix"): each is brought to its level relative to the others by
 * its integrated loudness, then effects and music are ducked under speech by a side-chain of the
 * dialogue's envelope. The sum is not yet normalised: master.ts does that. Paced (pace.ts).
 */
export async function mixBuses(buses: Buses, seconds: number): Promise<Stereo> {
  const out = createStereo(seconds)
  const loudness = new Map<keyof Buses, number>()
  for (const key of ['dialogue', 'effects', 'music'] as const) {
    const bus = buses[key]
    const lufs = bus ? await integratedLoudness(bus) : -Infinity
    if (Number.isFinite(lufs)) loudness.set(key, lufs)
  }
  const present = [...loudness.keys()]
  if (present.length === 0) return out
  const levels = present.includes('dialogue') ? LEVELS.withDialogue : LEVELS.withoutDialogue
  const top = Math.max(...present.map((k) => levels[k]))
  const duck = loudness.has('dialogue') ? speaking(buses.dialogue!) : undefined
  for (const key of present) {
    const bus = buses[key]!
    // The loudest bus lands at -20 LUFS: headroom for the sum, which master.ts then normalises.
    const gain = 10 ** ((levels[key] - top - 20 - loudness.get(key)!) / 20)
    const depth = key === 'dialogue' || !duck ? 0 : DUCK[key]
    await inChunks(out.left.length, (from, to) => addBus(out, bus, gain, depth, duck, from, to))
  }
  return out
}
