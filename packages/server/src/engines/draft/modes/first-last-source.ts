import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import sharp from 'sharp'
import { internal } from '../../../lib/app-error.js'
import type { EngineInput } from '../../engine.js'
import { matchImages } from '../flow/match-images.js'
import { lumaPlane } from '../flow/plane.js'
import { createFlowMorph, type Morph } from './flow-morph.js'
import type { FrameSourceFactory } from './frame-source.js'
import { loadCoverImage, type CoverImage } from './load-image.js'

/** Optical flow runs on images of about this many pixels (160×90 for 16:9). */
const FLOW_AREA = 160 * 90
/** How far the fallback's camera pushes in while it dissolves, as a zoom factor. */
const PUSH = 0.08

const ease = (u: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, u)))

/**
 * First and last frame (spec §2.2, draft-engine.md "Using the inputs"): both images are
 * centre-cropped to the output size, matched by dense optical flow (flow/), and the clip is a
 * motion-compensated morph from one to the other (flow-morph.ts). When the images do not show
 * the same thing (low flow confidence) it falls back to a camera push-in with a cross-dissolve.
 * Frame 0 is the first image and the last frame the last image, pixel for pixel.
 */
export const firstLastSource: FrameSourceFactory = async ({ job, signal }) => {
  const first = pick(job.inputs, 'first_frame', 0)
  const last = pick(job.inputs, 'last_frame', 1)
  const { width, height } = job
  const [a, b] = await Promise.all([
    loadCoverImage(first, width, height, signal),
    loadCoverImage(last, width, height, signal),
  ])
  signal.throwIfAborted()
  const scale = Math.sqrt(FLOW_AREA / (width * height))
  const fw = Math.max(16, Math.round(width * scale))
  const fh = Math.max(16, Math.round(height * scale))
  const [la, lb] = await Promise.all([luma(a, fw, fh), luma(b, fw, fh)])
  const match = matchImages(la, lb)
  const morph = match.related ? await createFlowMorph(a, b, match) : dissolve(a, b)
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d', { alpha: false })
  const end = Math.max(1, Math.round(job.fps * job.duration) - 1)
  return {
    render: (i) => {
      morph(ctx, i / end)
      return canvas
    },
    close: async () => {},
  }
}

/** The image with `role`, else the one at `index` among the images. */
function pick(inputs: readonly EngineInput[], role: EngineInput['role'], index: number) {
  const images = inputs.filter((i) => i.kind === 'image')
  const found = images.find((i) => i.role === role) ?? images[index]
  if (!found) throw internal(`first and last frame mode needs two images; got ${images.length}`)
  return found
}

async function luma(image: CoverImage, w: number, h: number) {
  const raw = { width: image.width, height: image.height, channels: 4 as const }
  const small = await sharp(image.rgba, { raw }).resize(w, h, { fit: 'fill' }).raw().toBuffer()
  return lumaPlane(small, w, h, 4)
}

/**
 * The fallback for unrelated images: the first image pushes in while the last, starting as far
 * in, settles back to its own framing, cross-dissolved through the middle of the clip.
 */
function dissolve(a: CoverImage, b: CoverImage): Morph {
  const zoom = (ctx: SKRSContext2D, s: number) => {
    const cx = a.width / 2
    const cy = a.height / 2
    ctx.setTransform(s, 0, 0, s, cx - cx * s, cy - cy * s)
  }
  return (ctx, t) => {
    const e = ease(t)
    const mix = ease((t - 0.3) / 0.4)
    ctx.imageSmoothingEnabled = true
    if (mix < 1) {
      zoom(ctx, 1 + PUSH * e)
      ctx.drawImage(a.canvas, 0, 0)
    }
    if (mix > 0) {
      ctx.globalAlpha = mix
      zoom(ctx, 1 + PUSH * (1 - e))
      ctx.drawImage(b.canvas, 0, 0)
      ctx.globalAlpha = 1
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0)
  }
}
