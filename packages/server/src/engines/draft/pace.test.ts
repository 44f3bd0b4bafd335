import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { PACE_CHUNK, inChunks } from './pace.js'

describe('inChunks', () => {
  it.each([
    [0, 4, []],
    [3, 4, [[0, 3]]],
    [
      8,
      4,
      [
        [0, 4],
        [4, 8],
      ],
    ],
    [
      10,
      4,
      [
        [0, 4],
        [4, 8],
        [8, 10],
      ],
    ],
    [
      PACE_CHUNK + 1,
      undefined,
      [
        [0, PACE_CHUNK],
        [PACE_CHUNK, PACE_CHUNK + 1],
      ],
    ],
  ])('splits %i in chunks of %s as %j', async (count, size, ranges) => {
    const seen: number[][] = []
    await inChunks(count, (from, to) => void seen.push([from, to]), size)
    expect(seen).toEqual(ranges)
  })

  it('lets the event loop turn during a long computation', async () => {
    let turns = 0
    let computing = true
    const tick = async () => {
      while (computing) {
        await nextTurn()
        turns++
      }
    }
    const ticking = tick()
    const busy = (ms: number) => {
      const end = performance.now() + ms
      while (performance.now() < end);
    }
    // 20 chunks of 10 ms: 200 ms of work in one stretch without pacing.
    await inChunks(20, () => busy(10), 1)
    computing = false
    await ticking
    expect(turns).toBeGreaterThan(3)
  })
})
