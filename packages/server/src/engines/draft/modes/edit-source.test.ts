import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probe } from '../../../media/ffprobe.js'
import { labStats } from './colour-transfer.js'
import { crop, decodeFrames, edges, locate, makePan, ncc } from './test-measure.js'
import { renderTask, type RenderedTask } from './test-render-task.js'

const W = 864
const H = 496
/** Frames are measured at a quarter of the output size. */
const QW = 216
const QH = 124
/** The source pans: its content moves left 60 source px/s, 81 output px/s once re-framed. */
const PAN = 60
const PAN_OUT = (PAN * W) / 640

/** A warm reference: a rust-to-amber gradient, fine diagonal hatching, a lantern in the middle. */
const REFERENCE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
<defs>
<linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f2a444"/><stop offset="1" stop-color="#b8482a"/></linearGradient>
<pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="10" fill="#7a2e12" opacity="0.35"/></pattern>
</defs>
<rect width="800" height="600" fill="url(#g)"/><rect width="800" height="600" fill="url(#p)"/>
<circle cx="400" cy="300" r="120" fill="#3b1a0c"/><circle cx="400" cy="300" r="70" fill="#ffd56a"/>
</svg>`

let dir: string
let reference: Buffer
let result: RenderedTask
let out: Uint8Array[]
let source: Uint8Array[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-edit-'))
  reference = await sharp(Buffer.from(REFERENCE_SVG)).png().toBuffer()
  await makePan(join(dir, 'pan.mp4'), 4, PAN)
  result = await renderTask(
    dir,
    'make it look like @image1 and add the lantern from @image1 on the right',
    [
      { type: 'image_url', role: 'reference_image', name: 'ref.png', bytes: reference },
      {
        type: 'video_url',
        role: 'reference_video',
        name: 'pan.mp4',
        bytes: await readFile(join(dir, 'pan.mp4')),
      },
    ],
    { resolution: '480p', ratio: '16:9', seed: 3 },
  )
  out = await decodeFrames(result.videoPath, QW, QH, { rgb: true })
  source = await decodeFrames(join(dir, 'pan.mp4'), QW, QH, {
    rgb: true,
    cover: { width: W, height: H },
  })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const grey = (rgb: Uint8Array) => {
  const g = new Uint8Array(rgb.length / 3)
  for (let i = 0; i < g.length; i++) {
    g[i] = Math.round(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!)
  }
  return g
}
const distance = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!)

describe('edit mode', () => {
  it("keeps the source's length when no duration is given", async () => {
    expect(result.task).toMatchObject({ duration: 4, omni_reference_task_type: 'edit' })
    const probed = await probe(result.videoPath, { countFrames: true })
    expect(probed.streams.find((s) => s.codecType === 'video')?.frames).toBe(96)
  })

  // Structure: the Pearson correlation of Sobel edge magnitudes between each output frame and the
  // source frame at the same time (both at a quarter of 864×496). Unrelated pictures score near 0.
  it("keeps the source's structure while taking the reference's palette", async () => {
    const sampled = [0, 24, 48, 72, 95]
    const correlations = sampled.map((i) =>
      ncc(edges(grey(out[i]!), QW, QH), edges(grey(source[i]!), QW, QH)),
    )
    const unrelated = ncc(edges(grey(out[0]!), QW, QH), edges(grey(source[95]!), QW, QH))
    expect(Math.min(...correlations)).toBeGreaterThan(0.5)
    expect(unrelated).toBeLessThan(0.35)
    // Palette: the mean CIELAB colour of the frames moves most of the way to the reference's.
    const refRgb = await sharp(reference).removeAlpha().raw().toBuffer()
    const target = labStats(refRgb, 3).mean
    for (const i of sampled) {
      const before = distance(labStats(source[i]!, 3).mean, target)
      const after = distance(labStats(out[i]!, 3).mean, target)
      expect(after).toBeLessThan(0.3 * before)
    }
  })

  it('inserts the referenced element on the right and moves it with the camera', async () => {
    // The element is the reference's salient centre (the lantern) cut as a square of 0.62 × its
    // height; it starts centred on (0.73 W, 0.55 H), 0.42 H wide. Its inner 40 % is opaque.
    const side = Math.round(0.42 * QH * 0.4)
    const x0 = Math.round(0.73 * QW - side / 2)
    const y0 = Math.round(0.55 * QH - side / 2)
    const first = grey(out[0]!)
    const patch = crop(first, QW, x0, y0, side, side)
    const lantern = await sharp(reference)
      .extract({ left: 326, top: 226, width: 149, height: 149 })
      .resize(side, side, { fit: 'fill' })
      .greyscale()
      .raw()
      .toBuffer()
    expect(ncc(patch, lantern)).toBeGreaterThan(0.7)
    // The left of the frame shows no lantern.
    expect(
      ncc(crop(first, QW, Math.round(0.27 * QW - side / 2), y0, side, side), lantern),
    ).toBeLessThan(0.5)
    // By the last frame the content has moved 95 frames × 81/24 px left; the lantern with it.
    const last = locate(grey(out[95]!), QW, QH, patch, side, side)
    const expected = x0 - (PAN_OUT * (95 / 24)) / 4
    expect(last.score).toBeGreaterThan(0.8)
    expect(Math.abs(last.x - expected)).toBeLessThan(4)
    expect(Math.abs(last.y - y0)).toBeLessThan(4)
  })
})
