import { css, mix, scale } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import { createBeamLayer, paintLighthouse, type Landmark } from './lighthouse.js'

const DEPTH = 0.45
const ROCK = [92, 80, 72] as const
const GRASS = [74, 104, 52] as const

/**
 * A headland rising from the sea on the side away from the sun, rock face streaked with strata,
 * grass on top, foam bursting at its foot on each swell, and the lighthouse on it when asked for.
 */
export function createCliffLayers(b: Build): { layers: Layer[]; landmark?: Landmark } {
  const { stage, light, scene, camera, timeline } = b
  const { width: w, height: h, horizon, unit } = stage
  const rng = createRng(b.seed, 'cliff')
  const noise = createNoise(rng)
  const left = light.sunX > 0.5
  const side = (x: number) => (left ? x : w - x)
  const top = horizon - h * rng.range(0.07, 0.12)
  const edge = w * rng.range(0.3, 0.38)
  const foot = horizon + (h - horizon) * 0.32
  const reach = edge + unit * 0.3
  const plate = createPlate(b, DEPTH, {
    top: top - h * 0.45,
    left: left ? undefined : w - reach,
    right: left ? reach : undefined,
  })
  const { ctx } = plate
  const m = camera.margin(DEPTH)

  // Outline: the top edge, then the sea face down to the waterline, then towards the viewer.
  const pts: Array<[number, number]> = []
  for (let x = -m.x - 4; x < edge; x += 6) {
    pts.push([
      x,
      top +
        (noise.fractal1(x / (unit * 0.15), 3) - 0.5) * unit * 0.03 +
        Math.max(0, (x - edge * 0.75) / edge) * unit * 0.1,
    ])
  }
  const steps = 14
  for (let i = 0; i <= steps; i++) {
    const u = i / steps
    const jag = (noise.at1(i * 1.7 + 40) - 0.5) * unit * 0.05
    pts.push([edge + u * unit * 0.12 + jag, top + unit * 0.1 + (foot - top - unit * 0.1) * u])
  }
  pts.push([edge + unit * 0.05, h + m.y + 4], [-m.x - 4, h + m.y + 4])
  const outline = () => {
    ctx.beginPath()
    pts.forEach(([x, y], i) => (i ? ctx.lineTo(side(x), y) : ctx.moveTo(side(x), y)))
    ctx.closePath()
  }
  // Against a low sun the headland is mostly silhouette, warmed along its seaward face.
  const backlit = light.sunElevation < 0.25 ? 0.55 : 0.9
  const rock = scale(litColor(light, ROCK, 0.05), backlit)
  const g = ctx.createLinearGradient(side(edge + unit * 0.1), 0, side(edge * 0.4), 0)
  g.addColorStop(0, css(mix(rock, light.rim, 0.3)))
  g.addColorStop(0.3, css(rock))
  g.addColorStop(1, css(scale(rock, 0.6)))
  ctx.fillStyle = g
  outline()
  ctx.fill()
  ctx.save()
  outline()
  ctx.clip()
  // Rock strata: lighter and darker slabs leaning down the face.
  for (let i = 0; i < 70; i++) {
    const y = rng.range(top, h)
    const x = rng.range(-m.x, edge + unit * 0.15)
    const len = rng.range(0.04, 0.16) * unit
    ctx.fillStyle = css(rng.chance(0.5) ? scale(rock, 0.7) : mix(rock, light.rim, 0.18), 0.6)
    ctx.beginPath()
    ctx.moveTo(side(x), y)
    ctx.lineTo(side(x + len), y + len * 0.25)
    ctx.lineTo(side(x + len), y + len * 0.25 + unit * 0.012)
    ctx.lineTo(side(x), y + unit * rng.range(0.008, 0.02))
    ctx.closePath()
    ctx.fill()
  }
  // Grass cap with a ragged lower edge.
  ctx.fillStyle = css(litColor(light, GRASS, 0.02))
  ctx.beginPath()
  ctx.moveTo(side(-m.x - 4), top - unit * 0.1)
  for (let x = -m.x - 4; x < edge + unit * 0.06; x += 8) {
    ctx.lineTo(
      side(x),
      top +
        unit * (0.025 + noise.at1(x * 0.05) * 0.03) +
        Math.max(0, (x - edge * 0.75) / edge) * unit * 0.1,
    )
  }
  ctx.lineTo(side(edge + unit * 0.06), top - unit * 0.1)
  ctx.closePath()
  ctx.fill()
  ctx.restore()

  let landmark: Landmark | undefined
  const layers: Layer[] = []
  if (scene.subjects.includes('lighthouse')) {
    const height = Math.min((top - h * 0.12) * 1.05, unit * 0.5)
    const lx = side(edge * 0.7)
    const ground = top + unit * 0.02 + Math.max(0, (edge * 0.7 - edge * 0.75) / edge) * unit * 0.1
    const lantern = paintLighthouse(b, ctx, lx, ground, height)
    landmark = { ...lantern, depth: DEPTH }
    layers.push({ name: 'cliff', depth: DEPTH, sharp: true, draw: (c) => drawPlate(c, plate) })
    layers.push(createBeamLayer(b, landmark, height * 0.06))
  } else {
    layers.push({ name: 'cliff', depth: DEPTH, sharp: true, draw: (c) => drawPlate(c, plate) })
  }

  // Surf at the foot: foam blobs that swell and burst upward with the sea.
  const footX = edge + unit * 0.12
  const foamAt = Array.from({ length: 12 }, (_, i) => {
    const u = i / 11
    return [
      side(footX - u * unit * 0.05 + unit * 0.01),
      foot - unit * 0.03 + u * (h - foot) * 0.3,
    ] as const
  })
  const foamColor = css(mix([252, 252, 252], light.horizon, 0.12))
  const blobs = Array.from({ length: 26 }, () => {
    const [x, y] = rng.pick(foamAt)
    return {
      x: x + rng.range(-1, 1) * unit * 0.04,
      y: y + rng.range(-0.01, 0.015) * unit,
      r: unit * rng.range(0.008, 0.025),
      lift: rng.range(0.2, 1),
    }
  })
  layers.push({
    name: 'cliff-surf',
    depth: DEPTH,
    sharp: false,
    draw: (c, f) => {
      const s = timeline.swell(f.t)
      c.fillStyle = foamColor
      // A soft veil of spray, then the bright cores of the foam.
      for (const [grow, alpha] of [
        [2.2, 0.22],
        [1, 0.75],
      ] as const) {
        c.beginPath()
        for (const blob of blobs) {
          const rise = s * s * blob.lift * unit * 0.07 * grow * 0.8
          const r = blob.r * (0.6 + s * 0.8) * grow
          c.moveTo(blob.x + r, blob.y - rise)
          c.arc(blob.x, blob.y - rise, r, 0, Math.PI * 2)
        }
        c.globalAlpha = alpha * (0.45 + 0.55 * s)
        c.fill()
      }
      c.globalAlpha = 1
    },
  })
  return { layers, landmark }
}
