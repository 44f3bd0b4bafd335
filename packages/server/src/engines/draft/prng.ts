/**
 * Seeded randomness for the draft engine. Every stage (terrain, clouds, audio…) draws from its own
 * generator derived from the task seed and the stage name, so adding a draw in one stage never
 * changes another stage's output (draft-engine.md "Determinism"). Never use Math.random here.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform in [min, max). */
  range(min: number, max: number): number
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
  /** Roughly normal with mean 0 and deviation 1 (sum of uniforms: cheap and bounded). */
  gauss(): number
}

/** FNV-1a over the text, then a murmur finaliser so nearby seeds give unrelated streams. */
function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A mulberry32 generator for one stage of one task. */
export function createRng(seed: number, stage: string): Rng {
  let state = hash32(`${seed}:${stage}`)
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick from an empty list')
      return item
    },
    chance: (probability) => next() < probability,
    gauss: () => (next() + next() + next() + next() - 2) * 1.732,
  }
}
