import { createCanvas, type Canvas } from '@napi-rs/canvas'
import sharp from 'sharp'
import { internal } from '../../../lib/app-error.js'
import type { Rgb } from '../color.js'
import { createDepthLayers, type DepthLayer } from './depth-bands.js'
import type { FrameSourceFactory } from './frame-source.js'
import { createImageEffects } from './image-effects.js'
import { createImageMove } from './image-move.js'
import { canvasOf, loadCoverImage, type CoverImage } from './load-image.js'

/** The surround a pull-out reveals, as a share of the longer side on each edge. */
const SURROUND = 0.12

/**
 * First frame (spec §2.2, draft-engine.md "Using the inputs"): the image centre-cropped to the
 * output size and brought to life by the camera move the prompt names (image-move.ts) with 2.5D
 * parallax between depth bands (depth-bands.ts), plus the effects it names: rain, snow, mist, a
 * light sweep (image-effects.ts). Per frame only native drawImage calls with transforms. Frame 0
 * is the image itself: every transform is the identity then and the effects fade in after it.
 */
export const firstFrameSource: FrameSourceFactory = async ({ job, scene, timeline, signal }) => {
  const input = job.inputs.find((i) => i.kind === 'image')
  if (!input) throw internal('first frame mode needs an image; the job has none')
  const { width, height } = job
  const image = await loadCoverImage(input, width, height, signal)
  const move = createImageMove(scene, job, job.seed)
  const layers = await createDepthLayers(image)
  const background = layers[0]!
  const under = move.reveals
    ? await surround(background, width, height)
    : { canvas: background.canvas, offset: 0 }
  const effects = createImageEffects({
    scene,
    prompt: job.prompt,
    timeline,
    width,
    height,
    fps: job.fps,
    duration: job.duration,
    seed: job.seed,
    mean: meanColour(image),
  })
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d', { alpha: false })
  return {
    render: (index) => {
      const t = index / job.fps
      ctx.imageSmoothingEnabled = true
      for (const [k, layer] of layers.entries()) {
        ctx.setTransform(...move.matrix(t, layer.depth))
        if (k === 0) ctx.drawImage(under.canvas, -under.offset, -under.offset)
        else ctx.drawImage(layer.canvas, 0, layer.y)
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      if (index > 0) for (const effect of effects) effect(ctx, index, t)
      return canvas
    },
    close: async () => {},
  }
}

/**
 * The image inside a mirrored, blurred continuation of itself, for a pull-out: the camera
 * leaves the picture's frame and finds plausible, out-of-focus surroundings rather than black.
 */
async function surround(
  image: DepthLayer,
  width: number,
  height: number,
): Promise<{ canvas: Canvas; offset: number }> {
  const m = Math.ceil(Math.max(width, height) * SURROUND)
  const raw = { width, height, channels: 4 as const }
  const blurred = await sharp(image.rgba, { raw })
    .extend({ top: m, bottom: m, left: m, right: m, extendWith: 'mirror' })
    .blur(m / 6)
    .raw()
    .toBuffer()
  const canvas = canvasOf(blurred, width + 2 * m, height + 2 * m)
  canvas.getContext('2d').drawImage(image.canvas, m, m)
  return { canvas, offset: m }
}

function meanColour(image: CoverImage): Rgb {
  const sum = [0, 0, 0]
  const n = image.width * image.height
  const step = Math.max(1, Math.floor(n / 20_000))
  let count = 0
  for (let i = 0; i < n; i += step, count++) {
    for (let c = 0; c < 3; c++) sum[c]! += image.rgba[i * 4 + c]!
  }
  return [sum[0]! / count, sum[1]! / count, sum[2]! / count]
}
