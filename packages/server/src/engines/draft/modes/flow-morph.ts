import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import sharp from 'sharp'
import { compose, invert, type Affine } from '../flow/affine.js'
import type { ImageMatch } from '../flow/match-images.js'
import { createProjector } from '../flow/project-flow.js'
import { projectionSource } from '../flow/projection-source.js'
import { createWarpBlend, type WarpImages } from '../flow/warp-blend.js'
import { createCameraLayer } from './camera-layer.js'
import type { CoverImage } from './load-image.js'

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
 * each alone where a side of the view enters or leaves (camera-layer.ts). On top, only where the
 * scene's own motion departs from that camera move (moving subjects, parallax, occlusions), the
 * dense flow warps both images at a reduced size (warp-blend.ts), scaled up and laid over with a
 * soft mask.
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
  const drawCamera = await createCameraLayer(a, b, camera)

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
  const warp = images && createWarpBlend(images, flowW, flowH)
  const projectA = createProjector(sourceA)
  const projectB = createProjector(sourceB)
  const layer = createCanvas(ww, wh)
  const lctx = layer.getContext('2d')
  const pixels = lctx.createImageData(ww, wh)

  return (ctx, t) => {
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.imageSmoothingEnabled = true
    if (t <= 0 || t >= 1) {
      ctx.drawImage(t <= 0 ? a.canvas : b.canvas, 0, 0)
      return
    }
    drawCamera(ctx, t)
    const gain = smoothstep(0, RAMP, t) * smoothstep(0, RAMP, 1 - t)
    if (!warp || gain <= 0) return
    const rects = warp(projectA(t), projectB(1 - t), t, gain, pixels.data)
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

/** The image at the warp's reduced size, straight RGBA. */
async function small(image: CoverImage, w: number, h: number): Promise<Uint8Array> {
  const raw = { width: image.width, height: image.height, channels: 4 as const }
  return sharp(image.rgba, { raw }).resize(w, h, { fit: 'fill' }).raw().toBuffer()
}
