import { css, mix, scale, type Rgb } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { createRng } from '../prng.js'

const DEPTH = 0.9

/**
 * A room around a window: the outdoor scene stays visible through the panes, the wall, frame and
 * sill are near layers that slide with strong parallax, and a lamp warms the corner.
 */
export function createInteriorLayer(b: Build): Layer {
  const { stage, light } = b
  const rng = createRng(b.seed, 'interior')
  const { width: w, height: h, unit } = stage
  const plate = createPlate(b, DEPTH)
  const { ctx } = plate
  const wallBase = light.tone(
    rng.pick<Rgb>([
      [200, 180, 150],
      [150, 170, 160],
      [180, 150, 140],
    ]),
  )
  const indoor = mix(scale(wallBase, 0.55), [255, 200, 140], 0.15 + light.darkness * 0.1)
  const win = { x: w * 0.22, y: h * 0.14, w: w * 0.56, h: h * 0.6 }
  ctx.fillStyle = css(indoor)
  ctx.beginPath()
  ctx.rect(plate.x, plate.y, plate.canvas.width, plate.canvas.height)
  ctx.rect(win.x + win.w, win.y, -win.w, win.h)
  ctx.fill('evenodd')
  const lamp = ctx.createRadialGradient(w * 0.08, h * 0.55, 0, w * 0.08, h * 0.55, unit * 0.7)
  lamp.addColorStop(0, css([255, 214, 150], 0.25 + light.darkness * 0.3))
  lamp.addColorStop(1, css([255, 214, 150], 0))
  ctx.fillStyle = lamp
  ctx.fillRect(plate.x, plate.y, w * 0.22 - plate.x, plate.canvas.height)
  ctx.fillRect(win.x + win.w, plate.y, plate.canvas.width, plate.canvas.height)
  const frame = css(scale(indoor, 0.6))
  const bar = unit * 0.018
  ctx.fillStyle = frame
  ctx.fillRect(win.x - bar, win.y - bar, win.w + bar * 2, bar)
  ctx.fillRect(win.x - bar, win.y + win.h, win.w + bar * 2, bar * 2.5)
  ctx.fillRect(win.x - bar, win.y, bar, win.h)
  ctx.fillRect(win.x + win.w, win.y, bar, win.h)
  ctx.fillRect(win.x + win.w / 2 - bar / 2, win.y, bar, win.h)
  ctx.fillRect(win.x, win.y + win.h * 0.45, win.w, bar * 0.8)
  ctx.fillStyle = css(scale(indoor, 0.45))
  ctx.fillRect(plate.x, h * 0.86, plate.canvas.width, plate.canvas.height)
  return { name: 'interior', depth: DEPTH, sharp: true, draw: (c) => drawPlate(c, plate) }
}
