import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'
import sharp from 'sharp'
import { compose, IDENTITY, invert, lerp, type Affine } from '../flow/affine.js'
import type { ImageMatch } from '../flow/match-images.js'
import { projectFlow } from '../flow/project-flow.js'
import { projectionSource } from '../flow/projection-source.js'
import { warpBlend, type WarpImages } from '../flow/warp-blend.js'
import { canvasOf, type CoverImage } from './load-image.js'

/** The in-between warp runs on at most this many pixels (640×360), then is scaled up. */
const WARP_AREA = 640 * 360
/** Share of the clip over which the warp fades in after the first frame and out before the last. */
const RAMP = 0.08

/** Draws in-between frames of a motion-compensated morph (one call per frame, t in 0..1). */
export type Morph = (ctx: SKRSContext2D, t: number) => void

const smoothstep = (e0: number, e1: number, x: number) => {
  const u = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)))
  return u * u * (3 - 2 * u)
}

/**
 * A morph from `a` to `b` driven by their match, in two layers so most pixels stay sharp at full
 * size. Underneath, the camera move fitted to the flow (an affine map) carries both full-size
 * images natively, `a` moving forward and `b` backward into place: blended where both reach,
 * each alone where a side of the view enters or leaves (two or three drawImage calls). On top, only where the scene's own motion
 * departs from that camera move (moving subjects, parallax, occlusions), the dense flow warps
 * both images at a reduced size (warp-blend.ts), scaled up and laid over with a soft mask.
 * Frame 0 is `a` and frame 1 is `b` exactly.
 */
export async function createFlowMorph(
  a: CoverImage,
  b: CoverImage,
  match: ImageMatch,
): Promise<Morph> {
  const { width: W, height: H } = a
  const flowW = match.forward.u.width
  const flowH = match.forward.u.height
  // The fitted map works on pixel indices; canvas coordinates put pixel centres at +0.5.
  const half: Affine = [1, 0, 0, 1, 0.5, 0.5]
  const indexToCanvas = compose(half, compose(match.affine, invert(half)))
  const toOutput: Affine = [W / flowW, 0, 0, H / flowH, 0, 0]
  const camera = compose(compose(toOutput, indexToCanvas), invert(toOutput))
  const back = invert(camera)
  const pad = padFor(camera, W, H)
  const padB = await padded(b, pad)

  const toOutputPx = W / flowW
  const sourceA = projectionSource(match, 'forward', toOutputPx)
  const sourceB = projectionSource(match, 'backward', toOutputPx)
  const scale = Math.min(1, Math.sqrt(WARP_AREA / (W * H)))
  const ww = Math.round(W * scale)
  const wh = Math.round(H * scale)
  // The warp layer only exists where something moves apart from the camera.
  const images: WarpImages | undefined =
    sourceA.region || sourceB.region
      ? { width: ww, height: wh, a: await small(a, ww, wh), b: await small(b, ww, wh) }
      : undefined
  const layer = createCanvas(ww, wh)
  const lctx = layer.getContext('2d')
  const pixels = lctx.createImageData(ww, wh)

  /**
   * The camera layer: the last image, edge-extended so it covers the frame, under the first at
   * 1 − t; then the first again, opaque, where the last's view has not reached (a side leaving).
   */
  const drawCamera = (ctx: SKRSContext2D, t: number) => {
    const moveA = lerp(IDENTITY, camera, t)
    const moveB = compose(moveA, back)
    ctx.globalCompositeOperation = 'copy'
    ctx.setTransform(...compose(moveB, [1, 0, 0, 1, -pad, -pad]))
    ctx.drawImage(padB, 0, 0)
    ctx.globalCompositeOperation = 'source-over'
    ctx.globalAlpha = 1 - t
    ctx.setTransform(...moveA)
    ctx.drawImage(a.canvas, 0, 0)
    ctx.globalAlpha = 1
    if (!covers(moveB, W, H)) {
      ctx.save()
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      ctx.beginPath()
      ctx.rect(0, 0, W, H)
      const corners = [
        [0, 0],
        [W, 0],
        [W, H],
        [0, H],
      ] as const
      for (const [k, [x, y]] of corners.entries()) {
        const px = moveB[0] * x + moveB[2] * y + moveB[4]
        const py = moveB[1] * x + moveB[3] * y + moveB[5]
        if (k === 0) ctx.moveTo(px, py)
        else ctx.lineTo(px, py)
      }
      ctx.closePath()
      ctx.clip('evenodd')
      ctx.setTransform(...moveA)
      ctx.drawImage(a.canvas, 0, 0)
      ctx.restore()
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0)
  }

  return (ctx, t) => {
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.imageSmoothingEnabled = true
    if (t <= 0 || t >= 1) {
      ctx.drawImage(t <= 0 ? a.canvas : b.canvas, 0, 0)
      return
    }
    drawCamera(ctx, t)
    const gain = smoothstep(0, RAMP, t) * smoothstep(0, RAMP, 1 - t)
    if (!images || gain <= 0) return
    const rects = warpBlend(
      images,
      projectFlow(sourceA, t),
      projectFlow(sourceB, 1 - t),
      t,
      gain,
      pixels.data,
    )
    if (rects.length === 0) return
    lctx.clearRect(0, 0, ww, wh)
    const sx = W / ww
    const sy = H / wh
    for (const { x, y, width, height } of rects) {
      lctx.putImageData(pixels, 0, 0, x, y, width, height)
      ctx.drawImage(layer, x, y, width, height, x * sx, y * sy, width * sx, height * sy)
    }
  }
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
  for (const [x, y] of [
    [0, 0],
    [w, 0],
    [0, h],
    [w, h],
  ] as const) {
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

/** The image at the warp's reduced size, straight RGBA. */
async function small(image: CoverImage, w: number, h: number): Promise<Uint8Array> {
  const raw = { width: image.width, height: image.height, channels: 4 as const }
  return sharp(image.rgba, { raw }).resize(w, h, { fit: 'fill' }).raw().toBuffer()
}
