import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'
import sharp from 'sharp'
import { compose, IDENTITY, invert, lerp, type Affine } from '../flow/affine.js'
import { canvasOf, type CoverImage } from './load-image.js'

/** Draws the camera layer of a morph at time t (0..1) over the whole frame. */
export type CameraLayer = (ctx: SKRSContext2D, t: number) => void

/**
 * The camera layer of a morph (flow-morph.ts) from `a` to `b`, where `camera` (canvas
 * coordinates) carries a point of `a` to where it is in `b`. At time t, `a` moves by
 * lerp(identity, camera, t) and `b` by the same followed by camera⁻¹, so it lands in place at
 * t = 1; the two are blended (1 − t, t), and where one image has no view of a pixel the other
 * shows alone, its border repeated outward if neither has.
 *
 * The two images move by one fixed map relative to each other, so each is drawn once, up front,
 * into the other's frame. A frame then mixes the two aligned pictures with unfiltered 1:1 draws
 * (a fraction of the cost of a resampling draw) and moves the mix with a single resampling draw,
 * where drawing each image moved would take two. Before t = 0.5 the mix is in `a`'s frame, after
 * it in `b`'s: the image weighing more is resampled once, as sharp as a direct draw, and only the
 * fading one goes through a second resample. The side of the view the moving frame leaves
 * uncovered comes from the other image, drawn moved but clipped to that strip. A move that is a
 * pan to within half a pixel everywhere in the frame is drawn as that pan: Skia resamples a
 * translation in about half the time of a general map.
 */
export async function createCameraLayer(
  a: CoverImage,
  b: CoverImage,
  fitted: Affine,
): Promise<CameraLayer> {
  const { width: W, height: H } = a
  const camera = asPan(fitted, W, H) ?? fitted
  const back = invert(camera)
  const pad = padFor(camera, W, H)
  const [padA, padB] = await Promise.all([padded(a, pad), padded(b, pad)])
  // b in a's frame (a's pixel q shows b at camera(q)), transparent where b never saw; and back.
  const bInA = moved(b.canvas, back, W, H)
  const aInB = moved(a.canvas, camera, W, H)
  const mixed = createCanvas(W, H)
  const mix = mixed.getContext('2d')

  return (ctx, t) => {
    const moveA = lerp(IDENTITY, camera, t)
    const moveB = compose(moveA, back)
    // The frame of the mix and how it moves; the other image with its move, for the strip.
    const [base, over, weight, move, other, otherMove] =
      t < 0.5
        ? [a.canvas, bInA, t, moveA, padB, moveB]
        : [b.canvas, aInB, 1 - t, moveB, padA, moveA]
    mix.globalCompositeOperation = 'copy'
    mix.drawImage(base, 0, 0)
    mix.globalCompositeOperation = 'source-over'
    mix.globalAlpha = weight
    mix.drawImage(over, 0, 0)
    mix.globalAlpha = 1
    ctx.imageSmoothingEnabled = true
    if (!covers(move, W, H)) {
      ctx.save()
      ctx.beginPath()
      ctx.rect(0, 0, W, H)
      for (const [k, [x, y]] of corners(W, H).entries()) {
        const px = move[0] * x + move[2] * y + move[4]
        const py = move[1] * x + move[3] * y + move[5]
        if (k === 0) ctx.moveTo(px, py)
        else ctx.lineTo(px, py)
      }
      ctx.closePath()
      ctx.clip('evenodd')
      ctx.setTransform(...compose(otherMove, [1, 0, 0, 1, -pad, -pad]))
      ctx.drawImage(other, 0, 0)
      ctx.restore()
    }
    ctx.setTransform(...move)
    ctx.drawImage(mixed, 0, 0)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
  }
}

/**
 * Largest distance (output pixels, anywhere in the frame) by which a move may differ from a pan
 * and still be drawn as one: below what the fit can tell apart, since the flow it comes from
 * is measured on an image about an eighth of the frame's width.
 */
const PAN_TOLERANCE = 0.5

/** The pan matching `move` at the frame's centre, if `move` is that pan to within tolerance. */
function asPan(move: Affine, w: number, h: number): Affine | undefined {
  const cx = w / 2
  const cy = h / 2
  const pan: Affine = [
    1,
    0,
    0,
    1,
    move[0] * cx + move[2] * cy + move[4] - cx,
    move[1] * cx + move[3] * cy + move[5] - cy,
  ]
  for (const [x, y] of corners(w, h)) {
    const dx = move[0] * x + move[2] * y + move[4] - (x + pan[4])
    const dy = move[1] * x + move[3] * y + move[5] - (y + pan[5])
    if (Math.hypot(dx, dy) > PAN_TOLERANCE) return undefined
  }
  return pan
}

const corners = (w: number, h: number) =>
  [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ] as const

/** `image` drawn through `transform` onto a transparent canvas of the given size. */
function moved(image: Canvas, transform: Affine, w: number, h: number): Canvas {
  const canvas = createCanvas(w, h)
  const ctx = canvas.getContext('2d')
  ctx.imageSmoothingEnabled = true
  ctx.setTransform(...transform)
  ctx.drawImage(image, 0, 0)
  return canvas
}

/** Whether the moved image reaches every point along the frame's border. */
function covers(move: Affine, w: number, h: number): boolean {
  const inv = invert(move)
  const steps = 16
  for (let k = 0; k <= steps; k++) {
    const u = (k / steps) * w
    const v = (k / steps) * h
    for (const [x, y] of [
      [u, 0],
      [u, h],
      [0, v],
      [w, v],
    ] as const) {
      const sx = inv[0] * x + inv[2] * y + inv[4]
      const sy = inv[1] * x + inv[3] * y + inv[5]
      if (sx < -0.01 || sx > w + 0.01 || sy < -0.01 || sy > h + 0.01) return false
    }
  }
  return true
}

/** How far the camera move carries any corner of the frame, plus a margin: the edge padding. */
function padFor(m: Affine, w: number, h: number): number {
  let most = 0
  for (const [x, y] of corners(w, h)) {
    most = Math.max(most, Math.abs(m[0] * x + m[2] * y + m[4] - x))
    most = Math.max(most, Math.abs(m[1] * x + m[3] * y + m[5] - y))
  }
  return Math.min(Math.ceil(most) + 2, Math.max(w, h))
}

/** The image with its edge pixels repeated outward, so a moved copy still covers the frame. */
async function padded(image: CoverImage, pad: number): Promise<Canvas> {
  const { width, height } = image
  const raw = { width, height, channels: 4 as const }
  const data = await sharp(image.rgba, { raw })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, extendWith: 'copy' })
    .raw()
    .toBuffer()
  return canvasOf(data, width + 2 * pad, height + 2 * pad)
}
