import { describe, expect, it } from 'vitest'
import { isRetryableStatus, MAX_RETRY_AFTER, retryDelay } from './retry-delay.js'

const backoff = { initial: 500, max: 8000 }
const now = Date.parse('2026-01-01T00:00:00Z')

describe('retryDelay', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    ['0.25', 250],
    ['-3', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['3600', MAX_RETRY_AFTER],
  ])('obeys Retry-After %j as %i ms, capped', (value, expected) => {
    expect(retryDelay(0, new Headers({ 'retry-after': value }), backoff, now)).toBe(expected)
  })

  it.each([
    [0, undefined, 500],
    [1, undefined, 1000],
    [3, undefined, 4000],
    [10, undefined, 8000],
    [1, 'soon', 1000],
  ])(
    'backs off exponentially on attempt %i (Retry-After %j) with at most 25 %% jitter',
    (attempt, value, full) => {
      const headers = value === undefined ? undefined : new Headers({ 'retry-after': value })
      for (let i = 0; i < 50; i++) {
        const delay = retryDelay(attempt, headers, backoff, now)
        expect(delay).toBeGreaterThanOrEqual(full * 0.75)
        expect(delay).toBeLessThanOrEqual(full)
      }
    },
  )
})

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [413, false],
  ])('answers %i with %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected)
  })
})
