import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { matchImages } from '../flow/match-images.js'
import { lumaPlane } from '../flow/plane.js'
import { firstFrameSource } from './first-frame-source.js'
import type { FrameSourceContext } from './frame-source.js'
import { coverRgba, imageJobContext, psnr, structuredImage } from './test-images.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

const picture = structuredImage(1000, 620, 3)

async function open(prompt: string): Promise<FrameSourceContext> {
  const ctx = await imageJobContext('first_frame', [await picture], prompt)
  dirs.push(ctx.workdir)
  return ctx
}

/** Frames `indices` of a first-frame clip, as RGBA. */
async function frames(ctx: FrameSourceContext, indices: number[]): Promise<Buffer[]> {
  const source = await firstFrameSource(ctx)
  const out: Buffer[] = []
  for (const i of indices) out.push(Buffer.from((await source.render(i)).data()))
  await source.close()
  return out
}

const luma = async (rgba: Buffer, w: number, h: number) =>
  lumaPlane(
    await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
      .resize(160, 92)
      .raw()
      .toBuffer(),
    160,
    92,
    4,
  )

describe('first frame source', () => {
  it.each([
    '',
    'pan left in the rain',
    'slow pull out, mist and a light sweep',
    'handheld orbit in the snow',
    'storm, tilt up',
  ])('starts on the input image itself and then moves: %j', async (prompt) => {
    const ctx = await open(prompt)
    const [first, later] = await frames(ctx, [0, 90])
    const expected = await coverRgba(await picture, ctx.job.width, ctx.job.height)
    expect(psnr(first!, expected, 4)).toBeGreaterThan(45)
    expect(psnr(later!, expected, 4)).toBeLessThan(30)
  })

  it.each([
    ['pan left', 'x', 1],
    ['pan right', 'x', -1],
    ['tilt up', 'y', 1],
    ['tilt down', 'y', -1],
  ] as const)('moves the picture the way %j says', async (prompt, axis, sign) => {
    const ctx = await open(prompt)
    const { width: w, height: h } = ctx.job
    const [first, later] = await frames(ctx, [0, 90])
    const [a, b, c, d, e, f] = matchImages(
      await luma(first!, w, h),
      await luma(later!, w, h),
    ).affine
    // Where the centre of the picture went (zooms are centred, so this is the pan alone).
    const shift = axis === 'x' ? a * 80 + c * 46 + e - 80 : b * 80 + d * 46 + f - 46
    expect(shift * sign).toBeGreaterThan(1)
  })

  it.each([
    ['push in', 1],
    ['pull out', -1],
    ['', 1],
  ] as const)('zooms the way %j says (a gentle push-in by default)', async (prompt, sign) => {
    const ctx = await open(prompt)
    const { width: w, height: h } = ctx.job
    const [first, later] = await frames(ctx, [0, 90])
    const { affine } = matchImages(await luma(first!, w, h), await luma(later!, w, h))
    expect((affine[0] - 1) * sign).toBeGreaterThan(0.03)
  })

  it('adds the rain the prompt names from the second frame on, over the same move', async () => {
    const [dry0, dry] = await frames(await open('a quiet street'), [0, 48])
    const [wet0, wet] = await frames(await open('a quiet street in the rain'), [0, 48])
    expect(wet0!.equals(dry0!)).toBe(true)
    const db = psnr(wet!, dry!, 4)
    expect(db).toBeLessThan(40)
    expect(db).toBeGreaterThan(15)
  })

  it('renders the same frames for the same job', async () => {
    const hash = async () => {
      const all = await frames(await open('handheld, snow, mist'), [0, 17, 60, 95])
      return createHash('sha256').update(Buffer.concat(all)).digest('hex')
    }
    expect(await hash()).toBe(await hash())
  })
})
