/**
 * Fast seeded white noise in -1..1 (xorshift32): the raw material of rain, wind, surf and
 * thunder. Separate from the stage PRNG because it runs per sample and must be as cheap as possible.
 */
export function createWhiteNoise(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 2147483648 - 1
  }
}
