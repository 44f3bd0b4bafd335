import type { Affine } from '../flow/affine.js'
import { createRng, type Rng } from '../prng.js'
import type { CameraMove, Scene } from '../scene.js'

/**
 * A camera move over a still image: a canvas transform per depth band (0 = far … 1 = near) and
 * time, the identity at t = 0 so the first frame is the image itself.
 */
export interface ImageMove {
  /** The move the prompt named (or the default gentle push-in), for notes and tests. */
  name: CameraMove
  /** The move shows beyond the image's edges (a pull-out): the source draws a surround. */
  reveals: boolean
  matrix(t: number, depth: number): Affine
}

const ease = (u: number): number => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, u)))

/** Hand-held drift: three slow seeded sines, 0 at t = 0. */
function shaker(rng: Rng): (t: number) => number {
  const parts = [0, 1, 2].map((i) => ({
    freq: rng.range(0.3, 0.7) * (i + 1),
    phase: rng.range(0, Math.PI * 2),
    amp: 1 / (i + 1.4),
  }))
  const at = (t: number) =>
    parts.reduce((sum, p) => sum + p.amp * Math.sin(2 * Math.PI * p.freq * t + p.phase), 0)
  const start = at(0)
  return (t) => at(t) - start
}

/** Largest value a shaker reaches (the sum of its amplitudes), twice over for its 0 offset. */
const SHAKE_REACH = 2 * (1 / 1.4 + 1 / 2.4 + 1 / 3.4)

/**
 * The camera move the prompt names (scene.ts reads it: push in, pull out, pan, tilt, orbit,
 * drone, tracking, static, hand-held), made for a single image (draft-engine.md "Using the
 * inputs"): every move zooms in just enough that the image's edges never show, except a
 * pull-out, which reveals a surround. Near bands move more than far ones (parallax); an orbit
 * moves them in opposite directions around the middle depth. Without a named move, a gentle
 * push-in. Eased over the clip; hand-held shake fades in over the first second.
 */
export function createImageMove(
  scene: Scene,
  size: { width: number; height: number; duration: number },
  seed: number,
): ImageMove {
  const { width: w, height: h, duration } = size
  const named = scene.origin.camera.startsWith('prompt:')
  const name: CameraMove = named ? scene.camera : 'push-in'
  const rng = createRng(seed, 'image-move')
  const dir = rng.chance(0.5) ? 1 : -1
  const k = Math.min(1.5, Math.sqrt(duration / 5)) * (named ? 1 : 0.7)
  const shakeX = shaker(rng)
  const shakeY = shaker(rng)
  const shakeR = shaker(rng)
  const unit = Math.min(w, h)
  const shake = scene.handheld ? unit * 0.006 : 0
  // Zoom that keeps a hand-held offset (and its slight roll) inside the image.
  const shakeZoom = scene.handheld ? (2 * shake * SHAKE_REACH) / unit + 0.006 : 0

  const place = (t: number, depth: number) => {
    const e = ease(duration > 0 ? t / duration : 0)
    let zoom = 1
    let dx = 0
    let dy = 0
    const slide = (amount: number) => 0.9 * (amount - 1) // share of the margin a zoom opens
    switch (name) {
      case 'push-in':
      case 'drone':
        zoom = 1 + (0.12 + 0.06 * depth) * k * e
        if (name === 'drone') dy = slide(1 + 0.12 * k * e) * (h / 2) * (0.4 + depth)
        break
      case 'pull-out':
        zoom = 1 - (0.1 + 0.05 * depth) * k * e
        break
      case 'pan-left':
      case 'pan-right':
      case 'tracking': {
        const sign = name === 'pan-left' ? 1 : name === 'pan-right' ? -1 : dir
        zoom = 1 + 0.09 * k * e
        dx = sign * slide(zoom) * (w / 2) * (0.8 + 0.4 * depth)
        break
      }
      case 'tilt-up':
      case 'tilt-down': {
        zoom = 1 + 0.09 * k * e
        dy = (name === 'tilt-up' ? 1 : -1) * slide(zoom) * (h / 2) * (0.8 + 0.4 * depth)
        break
      }
      case 'orbit':
        zoom = 1 + 0.1 * k * e
        dx = dir * slide(zoom) * (w / 2) * 0.6 * (2 * depth - 1)
        break
      case 'static':
        zoom = 1 + 0.02 * e
        break
    }
    const env = ease(t / 0.8)
    return {
      zoom: zoom + shakeZoom * env,
      dx: dx + shake * env * shakeX(t) * (1 + 0.3 * depth),
      dy: dy + shake * env * 0.8 * shakeY(t) * (1 + 0.3 * depth),
      roll: scene.handheld ? 0.002 * env * shakeR(t) : 0,
    }
  }

  return {
    name,
    reveals: name === 'pull-out',
    matrix: (t, depth) => {
      const { zoom, dx, dy, roll } = place(t, depth)
      const cos = zoom * Math.cos(roll)
      const sin = zoom * Math.sin(roll)
      const cx = w / 2
      const cy = h / 2
      return [cos, sin, -sin, cos, cx + dx - (cos * cx - sin * cy), cy + dy - (sin * cx + cos * cy)]
    },
  }
}
