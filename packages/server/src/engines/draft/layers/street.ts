import { createCanvas } from '@napi-rs/canvas'
import { css, mix, scale, type Rgb } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createRng, type Rng } from '../prng.js'
import { paintBladeSign } from './neon-sign.js'
import { createPerspective, quad, type WorldRect } from './perspective.js'

/** Depth of the street plate: nearer than the sky, farther than the rain. */
export const STREET_DEPTH = 0.5
/** Half width of the roadway and the building line, metres. */
export const ROAD = 6
const FACADE = 9
const FAR = 170

/** A lit rectangle: windows, shop panes, signs and lamps, all mirrored on the wet road. */
interface Glow extends WorldRect {
  color: Rgb
  alpha: number
  lamp?: boolean
}

const NEON: Rgb[] = [
  [255, 50, 170],
  [40, 220, 255],
  [255, 140, 40],
  [170, 80, 255],
  [70, 255, 150],
]
const WALLS: Rgb[] = [
  [120, 110, 104],
  [96, 100, 112],
  [138, 118, 100],
  [84, 88, 96],
  [150, 140, 128],
]

/**
 * A street seen from the middle of the road: facades with lit windows and shop fronts converging on
 * the horizon, neon blade signs and street lamps, and, on wet nights, all of those lights mirrored
 * and smeared on the asphalt. Baked once into one plate.
 */
export function createStreetLayer(b: Build): Layer {
  const { stage, light, scene } = b
  const rng = createRng(b.seed, 'street')
  const p = createPerspective(stage)
  const plate = createPlate(b, STREET_DEPTH)
  const { ctx } = plate
  const wet =
    scene.weather === 'rain' || scene.weather === 'storm'
      ? 1
      : scene.weather === 'snow'
        ? 0.4
        : 0.25
  const hazeDistance = scene.weather === 'fog' ? 25 : wet === 1 ? 45 : 80
  const haze = (c: Rgb, z: number) => mix(c, light.haze, 1 - Math.exp(-z / hazeDistance))
  const neonCount = scene.palette === 'neon' ? 0.85 : light.darkness > 0.5 ? 0.35 : 0.1
  const near = 2

  // Ground: sidewalks, then the roadway, lighter towards the vanishing point.
  const bottom = stage.height + b.camera.margin(STREET_DEPTH).y
  const ground = ctx.createLinearGradient(0, stage.horizon, 0, bottom)
  const asphalt = litColor(light, [58, 60, 66], 0)
  ground.addColorStop(0, css(haze(asphalt, FAR)))
  ground.addColorStop(1, css(scale(asphalt, 0.8)))
  ctx.fillStyle = css(scale(litColor(light, [110, 108, 104], 0.2), 0.75))
  ctx.fillRect(plate.x, stage.horizon, plate.canvas.width, bottom - stage.horizon)
  ctx.fillStyle = ground
  const foot = 0.3
  ctx.beginPath()
  ctx.moveTo(p.x(-ROAD, foot), p.y(0, foot))
  ctx.lineTo(p.x(-ROAD, FAR), p.y(0, FAR))
  ctx.lineTo(p.x(ROAD, FAR), p.y(0, FAR))
  ctx.lineTo(p.x(ROAD, foot), p.y(0, foot))
  ctx.fill()
  ctx.fillStyle = css(
    mix(litColor(light, [200, 196, 180], 0), [220, 210, 190], light.lights * 0.5),
    0.7,
  )
  ctx.beginPath()
  for (let z = 4; z < FAR; z += 9) {
    ctx.moveTo(p.x(-0.08, z), p.y(0, z))
    ctx.lineTo(p.x(0.08, z), p.y(0, z))
    ctx.lineTo(p.x(0.08, z + 3), p.y(0, z + 3))
    ctx.lineTo(p.x(-0.08, z + 3), p.y(0, z + 3))
  }
  ctx.fill()

  const glows: Glow[] = []
  for (const side of [-1, 1] as const) {
    const buildings: Array<{ z0: number; z1: number; top: number; wall: Rgb }> = []
    for (let z = near; z < FAR;) {
      const len = rng.range(9, 24)
      buildings.push({ z0: z, z1: z + len, top: rng.range(12, 48), wall: rng.pick(WALLS) })
      z += len
    }
    for (const bd of [...buildings].reverse()) paintBuilding(bd, side)
    for (let z = 8 + rng.range(0, 10); z < FAR * 0.6; z += 24) {
      const x = side * (ROAD + 0.6)
      ctx.strokeStyle = css(haze(scale(light.ambient, 0.25), z))
      ctx.lineWidth = Math.max(1, p.scale(z) * 0.15)
      ctx.beginPath()
      ctx.moveTo(p.x(x, z), p.y(0, z))
      ctx.lineTo(p.x(x, z), p.y(6.5, z))
      ctx.lineTo(p.x(x - side * 1.2, z), p.y(6.6, z))
      ctx.stroke()
      if (light.lights > 0.3) {
        glows.push({
          x0: x - side * 1.4,
          x1: x - side * 0.9,
          y0: 6.3,
          y1: 6.6,
          z0: z,
          z1: z,
          color: [255, 214, 150],
          alpha: 1,
        })
      }
    }
  }

  function paintBuilding(
    bd: { z0: number; z1: number; top: number; wall: Rgb },
    side: -1 | 1,
  ): void {
    const wall = litColor(light, bd.wall, 0)
    const mid = (bd.z0 + bd.z1) / 2
    // The end wall facing the viewer, seen where a nearer building is lower.
    ctx.fillStyle = css(haze(scale(wall, 0.55), bd.z0))
    ctx.beginPath()
    quad(ctx, p, {
      x0: side * FACADE,
      x1: side * 60,
      y0: 0,
      y1: bd.top,
      z0: bd.z0,
      z1: bd.z0,
    })
    ctx.fill()
    const g = ctx.createLinearGradient(p.x(side * FACADE, bd.z0), 0, p.x(side * FACADE, bd.z1), 0)
    g.addColorStop(0, css(haze(wall, bd.z0)))
    g.addColorStop(1, css(haze(wall, bd.z1)))
    ctx.fillStyle = g
    ctx.beginPath()
    quad(ctx, p, {
      x0: side * FACADE,
      x1: side * FACADE,
      y0: 0,
      y1: bd.top,
      z0: bd.z0,
      z1: bd.z1,
    })
    ctx.fill()
    const lit = light.lights * 0.55
    const dark = haze(mix(scale(light.zenith, 0.6), wall, 0.3), mid)
    for (let y = 4; y < bd.top - 2; y += 3.2) {
      for (let z = bd.z0 + 1; z < bd.z1 - 1.2; z += 2.6) {
        if (p.scale(z) * 1.2 < 1.2) continue
        const on = rng.chance(lit)
        const color = on
          ? rng.pick<Rgb>([
              [255, 206, 130],
              [255, 226, 170],
              [190, 220, 255],
            ])
          : dark
        const g2 = {
          x0: side * FACADE,
          x1: side * FACADE,
          y0: y + 0.8,
          y1: y + 2.3,
          z0: z,
          z1: z + 1.3,
          color,
          alpha: 1,
        }
        ctx.fillStyle = css(on ? color : dark)
        ctx.beginPath()
        quad(ctx, p, g2)
        ctx.fill()
        if (on) glows.push({ ...g2, alpha: 0.5 })
      }
    }
    // Shop fronts along the ground floor: lit panes between dark mullions, an awning sign above.
    if (light.lights > 0.2) {
      const color = rng.pick<Rgb>([
        [255, 196, 120],
        [255, 226, 180],
        [190, 215, 255],
      ])
      ctx.fillStyle = css(haze(scale(color, 0.85), mid))
      ctx.beginPath()
      for (let z = bd.z0 + 1; z < bd.z1 - 1.5; z += 2.2) {
        const pane = {
          x0: side * FACADE,
          x1: side * FACADE,
          y0: 0.5,
          y1: 2.8,
          z0: z,
          z1: z + 1.8,
          color,
          alpha: 0.7,
        }
        quad(ctx, p, pane)
        glows.push(pane)
      }
      ctx.fill()
      if (rng.chance(neonCount)) {
        const band = {
          x0: side * FACADE,
          x1: side * FACADE,
          y0: 3.1,
          y1: 3.9,
          z0: bd.z0 + 1.5,
          z1: Math.min(bd.z1 - 1, bd.z0 + 8),
          color: light.tone(rng.pick(NEON)),
          alpha: 1,
        }
        ctx.save()
        ctx.shadowColor = css(band.color)
        ctx.shadowBlur = Math.min(30, p.scale(bd.z0) * 0.6)
        ctx.fillStyle = css(mix(band.color, [255, 255, 255], 0.3))
        ctx.beginPath()
        quad(ctx, p, band)
        ctx.fill()
        ctx.restore()
        glows.push(band)
      }
    }
    if (rng.chance(neonCount)) addSign(bd, side, rng)
  }

  function addSign(bd: { z0: number; top: number }, side: -1 | 1, r: Rng): void {
    const color = light.tone(r.pick(NEON))
    const z = bd.z0 + r.range(1, 3)
    const y0 = r.range(4.5, 7)
    const y1 = Math.min(bd.top - 1, y0 + r.range(4, 11))
    glows.push({ ...paintBladeSign(ctx, p, side * FACADE, z, y0, y1, color), color, alpha: 1 })
  }

  // Lamp heads and the reflections of every light on the (wet) road.
  for (const g of glows) {
    if (!g.lamp) continue
    const r = p.scale(g.z0) * 1.6
    const gx = p.x((g.x0 + g.x1) / 2, g.z0)
    const gy = p.y(g.y0, g.z0)
    const halo = ctx.createRadialGradient(gx, gy, 0, gx, gy, r)
    halo.addColorStop(0, css(g.color, 0.9))
    halo.addColorStop(1, css(g.color, 0))
    ctx.fillStyle = halo
    ctx.fillRect(gx - r, gy - r, r * 2, r * 2)
  }
  // Wet asphalt smears reflections downwards: every light mirrored and stretched, gathered on a
  // half-size canvas and blurred once (a blur per shape would cost seconds).
  const half = createCanvas(Math.ceil(plate.canvas.width / 2), Math.ceil(plate.canvas.height / 2))
  const rctx = half.getContext('2d')
  rctx.scale(0.5, 0.5)
  rctx.translate(-plate.x, -plate.y)
  rctx.globalCompositeOperation = 'lighter'
  for (const g of glows) {
    rctx.fillStyle = css(g.color, 0.22 * wet * g.alpha)
    rctx.beginPath()
    quad(rctx, p, { ...g, y1: g.y1 * 1.8 }, -1)
    rctx.fill()
  }
  ctx.save()
  ctx.beginPath()
  ctx.rect(plate.x, stage.horizon + 1, plate.canvas.width, bottom)
  ctx.clip()
  ctx.filter = `blur(${Math.max(1, stage.unit / 260).toFixed(1)}px)`
  ctx.globalCompositeOperation = 'lighter'
  ctx.drawImage(half, plate.x, plate.y, plate.canvas.width, plate.canvas.height)
  ctx.restore()
  return { name: 'street', depth: STREET_DEPTH, sharp: true, draw: (c) => drawPlate(c, plate) }
}
