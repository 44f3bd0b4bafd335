/** Time, injected so that expiry and lease tests never sleep (conventions.md, Tests). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
