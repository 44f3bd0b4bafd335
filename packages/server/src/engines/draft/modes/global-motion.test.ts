import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createMotionTracker } from './global-motion.js'
import { shiftedPair, structuredImage } from './test-images.js'

const W = 864
const H = 496
const rgba = (png: Buffer) => sharp(png).ensureAlpha().raw().toBuffer()
/** The travel a fresh tracker measures from `a` to `b`. */
const shiftOf = (a: Buffer, b: Buffer) => {
  const tracker = createMotionTracker(W, H)
  tracker.push(a)
  return tracker.push(b)
}

describe('global motion', () => {
  it.each([
    [12, 0],
    [-7, 5],
    [0, -9],
    [3, 3],
    [1, -1],
  ])('measures a shift of the view by (%i, %i) px within a pixel', async (dx, dy) => {
    // The second view's window moved by (dx, dy), so its content moved by (-dx, -dy).
    const [a, b] = await shiftedPair(W, H, dx, dy, 4)
    const shift = shiftOf(await rgba(a), await rgba(b))
    expect(Math.abs(shift.x + dx)).toBeLessThan(1)
    expect(Math.abs(shift.y + dy)).toBeLessThan(1)
  })

  it('reads a cut between unrelated pictures as no motion', async () => {
    const a = await rgba(await structuredImage(W, H, 1))
    const b = await rgba(await structuredImage(W, H, 2))
    expect(shiftOf(a, b)).toEqual({ x: 0, y: 0 })
  })

  it('follows a long slow pan without drifting', async () => {
    // 60 frames of a camera panning right 2.5 px a frame: the content travels 147.5 px left.
    const big = await sharp(await structuredImage(W + 160, H, 9))
      .raw()
      .ensureAlpha()
      .toBuffer()
    const tracker = createMotionTracker(W, H)
    let travel = { x: 0, y: 0 }
    for (let k = 0; k < 60; k++) {
      const left = Math.round(k * 2.5)
      const frame = Buffer.alloc(W * H * 4)
      for (let y = 0; y < H; y++) {
        big.copy(frame, y * W * 4, (y * (W + 160) + left) * 4, (y * (W + 160) + left + W) * 4)
      }
      travel = tracker.push(frame)
    }
    expect(Math.abs(travel.x + 147.5)).toBeLessThan(3)
    expect(Math.abs(travel.y)).toBeLessThan(3)
  })
})
