import type { SKRSContext2D } from '@napi-rs/canvas'
import { css, mix, scale, type Rgb } from '../color.js'
import { quad, type Perspective, type WorldRect } from './perspective.js'

/**
 * A glowing blade sign sticking out of a wall at `x` (metres, sign of x = side of the street):
 * a dark box with a bright neon border and letter bars, haloed by a blur. Returns its rectangle so
 * the street can mirror it on the wet road.
 */
export function paintBladeSign(
  ctx: SKRSContext2D,
  p: Perspective,
  x: number,
  z: number,
  y0: number,
  y1: number,
  color: Rgb,
): WorldRect {
  const out = -Math.sign(x)
  const sign = { x0: x, x1: x + out * 1.8, y0, y1, z0: z, z1: z }
  ctx.save()
  ctx.shadowColor = css(color)
  ctx.shadowBlur = Math.min(40, p.scale(z) * 0.8)
  ctx.fillStyle = css(scale(color, 0.35))
  ctx.beginPath()
  quad(ctx, p, sign)
  ctx.fill()
  ctx.strokeStyle = css(mix(color, [255, 255, 255], 0.35))
  ctx.lineWidth = Math.max(1, p.scale(z) * 0.12)
  ctx.stroke()
  ctx.beginPath()
  for (let y = y1 - 0.6; y > y0 + 0.5; y -= 0.9) {
    quad(ctx, p, { ...sign, x0: x + out * 0.4, x1: x + out * 1.4, y0: y - 0.4, y1: y })
  }
  ctx.fillStyle = css(mix(color, [255, 255, 255], 0.5))
  ctx.fill()
  ctx.restore()
  return sign
}
