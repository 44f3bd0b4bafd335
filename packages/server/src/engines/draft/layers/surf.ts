import { createCanvas } from '@napi-rs/canvas'
import { css, mix, scale } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createRng } from '../prng.js'

const DEPTH = 0.3
const SAND = [222, 196, 150] as const

/**
 * Whitecaps rolling in: crest lines advancing from the horizon towards the viewer in perspective
 * (farther rows squeezed together), thickening and fading as they break. Their brightness follows
 * the swell that the sound of the waves also follows.
 */
export function createCrestLayer(b: Build, count: number): Layer {
  const { stage, light, timeline } = b
  const { width: w, height: h, horizon, unit } = stage
  const rng = createRng(b.seed, 'crests')
  const period = rng.range(5, 7)
  // Each crest row is broken into whitecap segments (lenses, thick in the middle), baked once at
  // the thickness of a breaking wave and drawn squashed for the farther rows.
  const thickest = unit * 0.045
  const rowHeight = Math.ceil(thickest * 4)
  const foam = css(mix([248, 250, 252], light.horizon, 0.3))
  const face = css(scale(light.water, 0.55))
  const crests = Array.from({ length: count }, (_, i) => {
    const row = createCanvas(Math.ceil(w * 1.3), rowHeight)
    const ctx = row.getContext('2d')
    const mid = thickest * 2
    for (const [paint, lift, drop] of [
      [face, 0, 2.2],
      [foam, 1, 0.4],
    ] as const) {
      ctx.fillStyle = paint
      ctx.beginPath()
      for (let x = 0; x < row.width;) {
        const len = w * rng.range(0.04, 0.16)
        const centre = x + len / 2
        ctx.moveTo(x, mid)
        ctx.quadraticCurveTo(centre, mid - thickest * lift * 1.6, x + len, mid)
        ctx.quadraticCurveTo(centre, mid + thickest * drop, x, mid)
        x += len + w * rng.range(0.02, 0.12)
      }
      ctx.fill()
    }
    return { offset: i / count + rng.range(-0.04, 0.04), row }
  })
  const zNear = 1
  const zFar = 14
  return {
    name: 'crests',
    depth: DEPTH,
    sharp: false,
    draw: (ctx, f) => {
      const swell = timeline.swell(f.t)
      for (const c of crests) {
        const u = (c.offset + f.t / period) % 1
        const z = zFar - (zFar - zNear) * u
        const y = horizon + (h - horizon) * (zNear / z) * 0.95
        const alpha = Math.min(1, Math.sin(u * Math.PI) * (0.6 + 0.45 * swell))
        if (alpha < 0.02) continue
        const height = rowHeight / z
        ctx.globalAlpha = alpha
        ctx.drawImage(c.row, -w * 0.15, y - height / 2, c.row.width, height)
      }
      ctx.globalAlpha = 1
    },
  }
}

/**
 * A beach in the foreground: sand with a darker wet band, and the swash sliding up and back with
 * the swell, led by a line of foam.
 */
export function createBeachLayers(b: Build): Layer[] {
  const { stage, light, timeline } = b
  const { width: w, height: h, horizon, unit } = stage
  const shore = horizon + (h - horizon) * 0.55
  const depth = 0.6
  const plate = createPlate(b, depth, { top: shore - unit * 0.02 })
  const sand = litColor(light, SAND, 0)
  const g = plate.ctx.createLinearGradient(0, shore, 0, h)
  g.addColorStop(0, css(scale(sand, 0.7)))
  g.addColorStop(0.25, css(scale(sand, 0.85)))
  g.addColorStop(1, css(sand))
  plate.ctx.fillStyle = g
  plate.ctx.beginPath()
  plate.ctx.moveTo(plate.x, h * 2)
  for (let x = plate.x; x <= plate.x + plate.canvas.width; x += 20) {
    plate.ctx.lineTo(x, shore + Math.sin(x / (w * 0.23)) * unit * 0.012)
  }
  plate.ctx.lineTo(plate.x + plate.canvas.width, h * 2)
  plate.ctx.fill()
  const water = css(mix(light.water, light.horizon, 0.4), 0.55)
  const foam = css(mix([250, 250, 250], light.horizon, 0.2), 0.85)
  const reach = (h - shore) * 0.35
  const swash: Layer = {
    name: 'swash',
    depth,
    sharp: false,
    draw: (ctx, f) => {
      const edge = shore + reach * timeline.swell(f.t)
      const line = (dy: number) => {
        for (let x = -w * 0.1; x <= w * 1.1; x += w / 20) {
          ctx.lineTo(x, edge + dy + Math.sin(x / (w * 0.11) + f.t * 0.6) * unit * 0.008)
        }
      }
      ctx.fillStyle = water
      ctx.beginPath()
      ctx.moveTo(-w * 0.1, shore - 2)
      line(0)
      ctx.lineTo(w * 1.1, shore - 2)
      ctx.fill()
      ctx.strokeStyle = foam
      ctx.lineWidth = Math.max(1.5, unit * 0.006)
      ctx.beginPath()
      line(0)
      ctx.stroke()
    },
  }
  return [{ name: 'beach', depth, sharp: true, draw: (c) => drawPlate(c, plate) }, swash]
}
