import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { shiftedPair, structuredImage } from '../modes/test-images.js'
import { matchImages } from './match-images.js'
import { lumaPlane, sample, type Plane } from './plane.js'

/** Test pictures are 800×450; flow runs at 160×90, a fifth of that. */
const luma = async (image: Buffer): Promise<Plane> =>
  lumaPlane(await sharp(image).resize(160, 90).removeAlpha().raw().toBuffer(), 160, 90, 3)

describe('matching two images', () => {
  it('finds the camera move between two views of one picture', async () => {
    const [a, b] = await shiftedPair(800, 450, 60, -25, 3)
    const match = matchImages(await luma(a), await luma(b))
    expect(match.related).toBe(true)
    const [sa, sb, sc, sd, e, f] = match.affine
    expect([sa, sb, sc, sd]).toEqual([1, 0, 0, 1].map((v) => expect.closeTo(v, 1)))
    expect(e).toBeCloseTo(-12, 0)
    expect(f).toBeCloseTo(5, 0)
  })

  it('follows a subject that moves further than its own size, apart from the camera', async () => {
    const ball = { x: 300, y: 250, x2: 360, y2: 220, r: 45 }
    const [a, b] = await shiftedPair(800, 450, 40, 0, 5, { ball })
    const match = matchImages(await luma(a), await luma(b))
    expect(match.related).toBe(true)
    // The ball moves 100 px in the picture, more than its width, while the camera moves 40 px the
    // other way; at its centre the flow is where it lands in the second view, in flow pixels.
    const u = sample(match.forward.u, ball.x / 5, ball.y / 5)
    const v = sample(match.forward.v, ball.x / 5, ball.y / 5)
    expect(u).toBeCloseTo((ball.x2 - ball.x) / 5, -0.5)
    expect(v).toBeCloseTo((ball.y2 - ball.y) / 5, -0.5)
    expect(match.affine[4]).toBeCloseTo(-8, 0)
  })

  it('calls two unrelated pictures unrelated', async () => {
    const match = matchImages(
      await luma(await structuredImage(800, 450, 3)),
      await luma(await structuredImage(800, 450, 4)),
    )
    expect(match.related).toBe(false)
  })

  it('matches an image with itself exactly', async () => {
    const a = await luma(await structuredImage(800, 450, 6))
    const match = matchImages(a, a)
    expect(match).toMatchObject({ related: true, consistent: 1, residual: 0 })
    expect(Math.max(...match.forward.u.data.map(Math.abs))).toBeLessThan(0.01)
  })
})
