import { css, mix, scale } from '../color.js'
import type { Build, Layer } from '../layer.js'
import { createRng } from '../prng.js'
import type { Landmark } from './lighthouse.js'

const DEPTH = 0.6

interface Bird {
  /** Circle centre and radii (stage px) or a straight flight (ry = 0). */
  cx: number
  cy: number
  rx: number
  ry: number
  speed: number
  phase: number
  size: number
  flap: number
  flapPhase: number
}

/**
 * Birds as flapping "m" strokes: gulls circle the landmark (or a point in the sky), a flock crosses
 * in a loose V. The wing angle follows a flap cycle with glides in between.
 */
export function createBirdLayer(b: Build, landmark?: Landmark): Layer {
  const { stage, light, scene } = b
  const { width: w, horizon, unit } = stage
  const rng = createRng(b.seed, 'birds')
  const gulls = scene.subjects.includes('seagulls')
  const birds: Bird[] = []
  const count = gulls ? rng.int(5, 8) : rng.int(7, 12)
  const centre = landmark ?? { x: w * rng.range(0.3, 0.7), y: horizon * 0.45, depth: DEPTH }
  const dir = rng.chance(0.5) ? 1 : -1
  for (let i = 0; i < count; i++) {
    const size = unit * (gulls ? rng.range(0.018, 0.032) : rng.range(0.01, 0.018))
    if (gulls) {
      birds.push({
        cx: centre.x + rng.range(-0.1, 0.1) * w,
        cy: centre.y - rng.range(0.02, 0.15) * horizon,
        rx: w * rng.range(0.08, 0.22),
        ry: horizon * rng.range(0.03, 0.09),
        speed: rng.range(0.25, 0.45) * dir,
        phase: rng.range(0, Math.PI * 2),
        size,
        flap: rng.range(2.2, 3.2),
        flapPhase: rng.range(0, 10),
      })
    } else {
      const row = Math.ceil(i / 2)
      birds.push({
        cx: -w * 0.3 + row * size * 2.6 * -dir,
        cy: horizon * 0.35 + row * size * 1.4 * (i % 2 ? 1 : -1) * 0.6 + rng.range(-1, 1) * size,
        rx: 0,
        ry: 0,
        speed: (w * 1.6) / stage.duration / 1.3,
        phase: 0,
        size,
        flap: rng.range(3, 4),
        flapPhase: rng.range(0, 10),
      })
    }
  }
  const ink =
    light.darkness > 0.3 || light.sunElevation < 0.2
      ? css(scale(light.zenith, 0.4))
      : css(mix([240, 240, 236], light.ambient, 0.3))
  return {
    name: 'birds',
    depth: DEPTH,
    sharp: true,
    draw: (ctx, f) => {
      ctx.strokeStyle = ink
      ctx.lineCap = 'round'
      ctx.lineJoin = 'round'
      for (const bird of birds) {
        let x: number
        let y: number
        let heading = 1
        if (bird.ry > 0) {
          const a = bird.phase + f.t * bird.speed
          x = bird.cx + Math.cos(a) * bird.rx
          y = bird.cy + Math.sin(a) * bird.ry
          heading = -Math.sin(a) * Math.sign(bird.speed)
        } else {
          x = dir > 0 ? bird.cx + f.t * bird.speed : w - bird.cx - f.t * bird.speed
          y = bird.cy + Math.sin(f.t * 1.3 + bird.flapPhase) * bird.size * 0.5
          heading = dir
        }
        // Flap in bursts, glide between them.
        const cycle = (f.t * bird.flap + bird.flapPhase) % 4
        const wing = cycle < 2.5 ? Math.sin(cycle * Math.PI * 2) : 0.35
        const s = bird.size
        ctx.lineWidth = Math.max(1, s * 0.16)
        ctx.beginPath()
        ctx.moveTo(x - s, y - wing * s * 0.6)
        ctx.quadraticCurveTo(x - s * 0.45, y - s * 0.25 - wing * s * 0.2, x, y + s * 0.08)
        ctx.quadraticCurveTo(x + s * 0.45, y - s * 0.25 - wing * s * 0.2, x + s, y - wing * s * 0.6)
        ctx.moveTo(x + heading * s * 0.05, y + s * 0.08)
        ctx.lineTo(x + heading * s * 0.25, y + s * 0.02)
        ctx.stroke()
      }
    },
  }
}
