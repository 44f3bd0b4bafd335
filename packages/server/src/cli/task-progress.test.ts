import { describe, expect, it } from 'vitest'
import { estimate, formatSeconds } from './task-progress.js'

describe('estimate', () => {
  const rows: [string, Parameters<typeof estimate>, string][] = [
    ['queued: no rate yet', ['queued', 0, undefined, 5_000], 'ETA: waiting for a worker'],
    ['running, no progress yet', ['running', 0, 1_000, 5_000], 'ETA: estimating…'],
    ['running, a quarter done in 10 s', ['running', 25, 0, 10_000], 'ETA 30s'],
    ['running, half done in 90 s', ['running', 50, 10_000, 100_000], 'ETA 1m30s'],
    ['running, 1% in 60 s', ['running', 1, 0, 60_000], 'ETA 1h39m'],
    ['succeeded', ['succeeded', 100, 0, 1_000], 'done'],
    ['failed', ['failed', 40, 0, 1_000], 'failed'],
  ]
  it.each(rows)('%s', (_, args, text) => expect(estimate(...args)).toBe(text))
})

describe('formatSeconds', () => {
  it.each([
    [0, '0s'],
    [9.2, '10s'],
    [65, '1m05s'],
    [3600, '1h00m'],
    [7322, '2h02m'],
  ])('%d s → %s', (seconds, text) => expect(formatSeconds(seconds)).toBe(text))
})
