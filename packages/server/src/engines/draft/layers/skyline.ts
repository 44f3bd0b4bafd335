import { css, mix, scale, type Rgb } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createRng } from '../prng.js'

const NEON: Rgb[] = [
  [255, 50, 170],
  [40, 220, 255],
  [170, 80, 255],
  [255, 140, 40],
]

/**
 * A city skyline in three depth bands: random towers, farther ones paler and bluer, windows lit by
 * the hour, red beacons on the tallest, neon on the nearest band when the palette asks for it.
 */
export function createSkylineLayers(b: Build): Layer[] {
  const { stage, light, scene } = b
  const { horizon, unit } = stage
  const rng = createRng(b.seed, 'skyline')
  const bands = [
    { depth: 0.1, distance: 0.65, tall: 0.45, width: 0.05 },
    { depth: 0.18, distance: 0.4, tall: 0.38, width: 0.07 },
    { depth: 0.3, distance: 0.15, tall: 0.3, width: 0.1 },
  ]
  return bands.map((band, index) => {
    const m = b.camera.margin(band.depth)
    const top = horizon - horizon * band.tall * 1.1
    const plate = createPlate(b, band.depth, {
      top: top - unit * 0.05,
      bottom: horizon + 4 + index * 2,
    })
    const { ctx } = plate
    const body = litColor(light, [70, 74, 86], band.distance)
    const lit = light.lights * (0.5 - index * 0.08)
    for (let x = -m.x - unit * 0.05; x < stage.width + m.x;) {
      const w = unit * band.width * rng.range(0.5, 1.4)
      const h = horizon * band.tall * Math.pow(rng.next(), 1.4) + unit * 0.04
      const y = horizon - h
      ctx.fillStyle = css(mix(body, light.haze, rng.range(0, 0.15)))
      ctx.fillRect(x, y, w, h + 4)
      if (rng.chance(0.25)) ctx.fillRect(x + w * 0.2, y - h * 0.06, w * 0.6, h * 0.06 + 1)
      const cell = unit * (0.008 + index * 0.004)
      for (let wy = y + cell * 2; wy < horizon - cell; wy += cell * 1.8) {
        for (let wx = x + cell; wx < x + w - cell; wx += cell * 1.6) {
          if (rng.chance(lit)) {
            ctx.fillStyle = css(
              mix(
                light.tone(
                  rng.pick<Rgb>([
                    [255, 214, 140],
                    [200, 226, 255],
                  ]),
                ),
                light.haze,
                band.distance * 0.5,
              ),
            )
          } else if (light.darkness < 0.3) {
            ctx.fillStyle = css(scale(body, 0.8))
          } else continue
          ctx.fillRect(wx, wy, cell * 0.8, cell)
        }
      }
      if (h > horizon * band.tall * 0.8 && light.darkness > 0.3) {
        ctx.fillStyle = css([255, 40, 40])
        ctx.fillRect(x + w / 2 - 1, y - h * 0.06 - 3, 3, 3)
      }
      if (index === 2 && scene.palette === 'neon' && rng.chance(0.35)) {
        const color = light.tone(rng.pick(NEON))
        ctx.save()
        ctx.shadowColor = css(color)
        ctx.shadowBlur = unit * 0.02
        ctx.fillStyle = css(mix(color, [255, 255, 255], 0.3))
        ctx.fillRect(x + w * 0.15, y + h * rng.range(0.1, 0.5), w * 0.7, unit * 0.012)
        ctx.restore()
      }
      x += w + unit * rng.range(0, 0.015)
    }
    return {
      name: `skyline-${index}`,
      depth: band.depth,
      sharp: true,
      draw: (c) => drawPlate(c, plate),
    }
  })
}
