import type { SKRSContext2D } from '@napi-rs/canvas'
import { css, mix, scale, type Rgb } from '../color.js'
import type { Build, Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createRng } from '../prng.js'
import { createGround } from './ground.js'
import { createPerspective } from './perspective.js'
import { STREET_DEPTH } from './street.js'

const PAINT: Rgb[] = [
  [180, 30, 36],
  [30, 60, 140],
  [220, 220, 216],
  [30, 30, 34],
  [200, 160, 40],
  [90, 100, 110],
]

function glow(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  r: number,
  color: Rgb,
  alpha: number,
): void {
  const g = ctx.createRadialGradient(x, y, 0, x, y, r)
  g.addColorStop(0, css(mix(color, [255, 255, 255], 0.5), alpha))
  g.addColorStop(0.25, css(color, alpha * 0.5))
  g.addColorStop(1, css(color, 0))
  ctx.fillStyle = g
  ctx.fillRect(x - r, y - r, r * 2, r * 2)
}

/**
 * Cars from the timeline's passes: in a street they drive down the lanes in perspective (headlights
 * coming, tail lights going, both mirrored on wet asphalt); elsewhere they cross a road in side
 * view (the road is drawn for the `road` feature even without cars). The sound of each pass is
 * panned from the same plan.
 */
export function createCarLayers(b: Build): Layer[] {
  const { scene, stage, light, timeline } = b
  const street = scene.setting === 'city' && scene.features.includes('street')
  if (timeline.cars.length === 0 && (street || !scene.features.includes('road'))) return []
  const lit = light.lights > 0.3
  const wet = scene.weather === 'rain' || scene.weather === 'storm'
  const bodies = timeline.cars.map((c) =>
    litColor(light, PAINT[Math.floor(c.hue * PAINT.length)]!, 0),
  )
  if (street) {
    const p = createPerspective(stage)
    return [
      {
        name: 'cars',
        depth: STREET_DEPTH,
        sharp: true,
        draw: (ctx, f) => {
          const placed = timeline.cars
            .map((c, i) => {
              const u = (f.t - c.enter) / (c.crossing * 3)
              const z = c.dir > 0 ? 3 + u * 110 : 113 - u * 110
              return { c, i, z, u }
            })
            .filter((o) => o.u >= 0 && o.u <= 1)
            .sort((a, c) => c.z - a.z)
          for (const { c, i, z } of placed) {
            const x = c.dir > 0 ? 2.8 : -2.8
            const s = p.scale(z)
            const left = p.x(x - 0.9, z)
            const right = p.x(x + 0.9, z)
            const y0 = p.y(0.25, z)
            ctx.fillStyle = css(scale(bodies[i]!, 0.55))
            ctx.fillRect(left, p.y(1.1, z), right - left, y0 - p.y(1.1, z))
            ctx.fillRect(
              left + s * 0.3,
              p.y(1.5, z),
              right - left - s * 0.6,
              p.y(1.1, z) - p.y(1.5, z),
            )
            ctx.fillStyle = css([14, 14, 16])
            ctx.fillRect(left + s * 0.1, y0, s * 0.35, p.y(0, z) - y0)
            ctx.fillRect(right - s * 0.45, y0, s * 0.35, p.y(0, z) - y0)
            const lamp: Rgb = c.dir > 0 ? [255, 40, 30] : [255, 244, 214]
            const strength = lit ? 1 : 0.35
            ctx.globalCompositeOperation = 'lighter'
            for (const lx of [x - 0.65, x + 0.65]) {
              glow(ctx, p.x(lx, z), p.y(0.75, z), s * (c.dir > 0 ? 0.6 : 1.2), lamp, strength)
              if (wet) {
                const top = p.y(-0.3, z)
                const g = ctx.createLinearGradient(0, top, 0, top + s * 3)
                g.addColorStop(0, css(lamp, 0.35 * strength))
                g.addColorStop(1, css(lamp, 0))
                ctx.fillStyle = g
                ctx.fillRect(p.x(lx, z) - s * 0.18, top, s * 0.36, s * 3)
              }
            }
            ctx.globalCompositeOperation = 'source-over'
          }
        },
      },
    ]
  }

  const road = createGround(b, 0.42, 0.55, true)
  const length = (stage.height - stage.horizon) * 0.42
  const rng = createRng(b.seed, 'cars')
  const rows = timeline.cars.map((c) => ({
    lane: c.dir > 0 ? 0.35 : -0.25,
    tall: rng.range(0.9, 1.15),
  }))
  const cars: Layer = {
    name: 'cars',
    depth: road.depth,
    sharp: true,
    draw: (ctx, f) => {
      timeline.cars.forEach((c, i) => {
        const u = (f.t - c.enter) / c.crossing
        if (u < -0.1 || u > 1.1) return
        const span = stage.width + length * 3
        const x = c.dir > 0 ? -length * 1.5 + u * span : stage.width + length * 1.5 - u * span
        const ground = road.y + road.half * rows[i]!.lane
        const h = length * 0.3 * rows[i]!.tall
        ctx.fillStyle = css(bodies[i]!)
        ctx.beginPath()
        ctx.roundRect(x - length / 2, ground - h * 0.75, length, h * 0.5, h * 0.15)
        ctx.moveTo(x - length * 0.3, ground - h * 0.7)
        ctx.lineTo(x - length * 0.18 * c.dir, ground - h)
        ctx.lineTo(x + length * 0.16 * c.dir, ground - h)
        ctx.lineTo(x + length * 0.32, ground - h * 0.7)
        ctx.fill()
        ctx.fillStyle = css([18, 18, 20])
        for (const wx of [-0.3, 0.3]) {
          ctx.beginPath()
          ctx.arc(x + wx * length, ground - h * 0.22, h * 0.2, 0, Math.PI * 2)
          ctx.fill()
        }
        ctx.globalCompositeOperation = 'lighter'
        glow(
          ctx,
          x + (length / 2) * c.dir,
          ground - h * 0.55,
          h * (lit ? 1.6 : 0.5),
          [255, 240, 200],
          lit ? 0.9 : 0.3,
        )
        glow(
          ctx,
          x - (length / 2) * c.dir,
          ground - h * 0.55,
          h * 0.6,
          [255, 40, 30],
          lit ? 0.9 : 0.4,
        )
        ctx.globalCompositeOperation = 'source-over'
      })
    },
  }
  const layers = road.layer ? [road.layer] : []
  return timeline.cars.length > 0 ? [...layers, cars] : layers
}

/** A train crossing the middle distance on an embankment, windows lit after dark. */
export function createTrainLayer(b: Build): Layer {
  const { stage, light } = b
  const rng = createRng(b.seed, 'train')
  const depth = 0.35
  const y = stage.horizon + (stage.height - stage.horizon) * 0.22
  const carH = (stage.height - stage.horizon) * 0.08
  const carW = carH * 4.2
  const cars = rng.int(4, 7)
  // Planned with the clip's events (timeline.ts), so that the sound follows the same pass.
  const { enter, crossing, dir } = b.timeline.train ?? {
    enter: 0,
    crossing: stage.duration,
    dir: 1,
  }
  const body = litColor(
    light,
    rng.pick<Rgb>([
      [170, 40, 40],
      [40, 80, 140],
      [200, 200, 190],
    ]),
    0.15,
  )
  const window = light.lights > 0.3 ? css([255, 220, 150]) : css(scale(light.zenith, 0.6))
  const total = cars * carW * 1.05
  return {
    name: 'train',
    depth,
    sharp: true,
    draw: (ctx, f) => {
      const head = ((f.t - enter) / crossing) * (stage.width + total)
      ctx.fillStyle = css(scale(body, 0.5))
      ctx.fillRect(-stage.width, y + carH * 0.05, stage.width * 3, carH * 0.12)
      for (let i = 0; i < cars; i++) {
        const x0 = dir > 0 ? head - i * carW * 1.05 - carW : stage.width - head + i * carW * 1.05
        ctx.fillStyle = css(body)
        ctx.beginPath()
        ctx.roundRect(
          x0,
          y - carH,
          carW,
          carH,
          i === 0 ? [carH * 0.6, carH * 0.1, 0, 0] : carH * 0.1,
        )
        ctx.fill()
        ctx.fillStyle = window
        for (let k = 0; k < 6; k++)
          ctx.fillRect(x0 + carW * (0.08 + k * 0.15), y - carH * 0.75, carW * 0.09, carH * 0.3)
      }
    },
  }
}
