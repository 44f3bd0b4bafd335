import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { firstLastSource } from './first-last-source.js'
import type { FrameSourceContext } from './frame-source.js'
import { coverRgba, imageJobContext, psnr, shiftedPair, structuredImage } from './test-images.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

/** Test pictures are 1000×620; the 480p 16:9 output (864×496) scales them by 0.864. */
const W = 1000
const H = 620
const toFrame = (x: number, y: number) => [x * 0.864, y * 0.864 - (H * 0.864 - 496) / 2] as const

async function open(images: Buffer[]): Promise<FrameSourceContext> {
  const ctx = await imageJobContext('first_last_frame', images)
  dirs.push(ctx.workdir)
  return ctx
}

async function frames(ctx: FrameSourceContext, indices: number[]): Promise<Buffer[]> {
  const source = await firstLastSource(ctx)
  const out: Buffer[] = []
  for (const i of indices) out.push(Buffer.from((await source.render(i)).data()))
  await source.close()
  return out
}

/** Mean colour of a small square of an RGBA frame 864 wide. */
function patch(rgba: Buffer, [x, y]: readonly [number, number], r = 4): number[] {
  const sum = [0, 0, 0]
  let n = 0
  for (let j = Math.round(y - r); j <= y + r; j++) {
    for (let i = Math.round(x - r); i <= x + r; i++, n++) {
      for (let c = 0; c < 3; c++) sum[c]! += rgba[(j * 864 + i) * 4 + c]!
    }
  }
  return sum.map((s) => s / n)
}

/** The central 60 % of a 864×496 RGBA frame, where no side of the view enters or leaves. */
const centre = (rgba: Buffer) => {
  const rows: Buffer[] = []
  for (let y = 99; y < 397; y++) rows.push(rgba.subarray((y * 864 + 173) * 4, (y * 864 + 691) * 4))
  return Buffer.concat(rows)
}

describe('first and last frame source', () => {
  const ball = { x: 300, y: 300, x2: 400, y2: 260, r: 40 }
  it.each([
    ['two views of one picture', () => shiftedPair(W, H, 60, 20, 3)],
    ['a subject that moves', () => shiftedPair(W, H, 20, 0, 5, { ball })],
    ['unrelated pictures', () => Promise.all([structuredImage(W, H, 3), structuredImage(W, H, 4)])],
  ])('begins on the first image and ends on the last: %s', async (_name, make) => {
    const [a, b] = await make()
    const ctx = await open([a, b])
    const [first, last] = await frames(ctx, [0, 95])
    expect(psnr(first!, await coverRgba(a, 864, 496), 4)).toBeGreaterThan(45)
    expect(psnr(last!, await coverRgba(b, 864, 496), 4)).toBeGreaterThan(45)
  })

  it('moves the picture halfway by mid-clip, sharp, rather than dissolving', async () => {
    // 95 px over 95 frame steps: frame 48 is the view 48 px along.
    const [a, b] = await shiftedPair(W, H, 95, 0, 3, { pad: 95 })
    const [, halfway] = await shiftedPair(W, H, 48, 0, 3, { pad: 95 })
    const [mid] = await frames(await open([a, b]), [48])
    const expected = centre(await coverRgba(halfway, 864, 496))
    expect(psnr(centre(mid!), expected, 4)).toBeGreaterThan(30)
    // A plain cross-dissolve of the two ends would be far off.
    const [ca, cb] = await Promise.all([coverRgba(a, 864, 496), coverRgba(b, 864, 496)])
    const dissolve = Buffer.from(ca.map((v, i) => Math.round((v + cb[i]!) / 2)))
    expect(psnr(centre(dissolve), expected, 4)).toBeLessThan(25)
  })

  it('zooms through a push-in halfway by mid-clip rather than dissolving', async () => {
    // The last view is the first pushed in by 16 % about its centre; halfway is 8 %.
    const a = await structuredImage(W, H, 3)
    const zoomed = (k: number) =>
      sharp(a)
        .resize(Math.round(W * k), Math.round(H * k))
        .extract({
          left: Math.round((W * k - W) / 2),
          top: Math.round((H * k - H) / 2),
          width: W,
          height: H,
        })
        .png()
        .toBuffer()
    const b = await zoomed(1.16)
    const [first, mid, last] = await frames(await open([a, b]), [0, 48, 95])
    expect(psnr(first!, await coverRgba(a, 864, 496), 4)).toBeGreaterThan(45)
    expect(psnr(last!, await coverRgba(b, 864, 496), 4)).toBeGreaterThan(45)
    const expected = centre(await coverRgba(await zoomed(1.08), 864, 496))
    expect(psnr(centre(mid!), expected, 4)).toBeGreaterThan(30)
    const [ca, cb] = await Promise.all([coverRgba(a, 864, 496), coverRgba(b, 864, 496)])
    const dissolve = Buffer.from(ca.map((v, i) => Math.round((v + cb[i]!) / 2)))
    expect(psnr(centre(dissolve), expected, 4)).toBeLessThan(25)
  })

  it('carries a moving subject along its path without leaving copies behind', async () => {
    const [a, b] = await shiftedPair(W, H, 20, 0, 5, { ball })
    const [mid] = await frames(await open([a, b]), [48])
    const white = (c: number[]) => Math.min(...c) > 215
    const t = 48 / 95
    const along = toFrame(ball.x + (ball.x2 - ball.x) * t, ball.y + (ball.y2 - ball.y) * t)
    expect(white(patch(mid!, along))).toBe(true)
    expect(white(patch(mid!, toFrame(ball.x, ball.y)))).toBe(false)
    expect(white(patch(mid!, toFrame(ball.x2, ball.y2)))).toBe(false)
  })

  it('renders the same frames for the same job', async () => {
    const [a, b] = await shiftedPair(W, H, 20, 0, 5, { ball })
    const hash = async () => {
      const all = await frames(await open([a, b]), [0, 10, 48, 90, 95])
      return createHash('sha256').update(Buffer.concat(all)).digest('hex')
    }
    expect(await hash()).toBe(await hash())
  })
})
