import { createCanvas } from '@napi-rs/canvas'
import { css, mix, scale, type Rgb } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import { bakeSprite, drawSprite } from './sprite.js'

/**
 * Space: a coloured nebula (fractal noise baked once at low resolution) and a lit planet with an
 * atmosphere rim, turning slowly against the stars.
 */
export function createSpaceLayers(b: Build): Layer[] {
  const { stage, light } = b
  const rng = createRng(b.seed, 'space')
  const noise = createNoise(rng)
  const plate = createPlate(b, 0.02)
  const sw = Math.ceil(plate.canvas.width / 6)
  const sh = Math.ceil(plate.canvas.height / 6)
  const small = createCanvas(sw, sh)
  const sctx = small.getContext('2d')
  const img = sctx.createImageData(sw, sh)
  const hueA = light.tone(
    rng.pick<Rgb>([
      [170, 60, 200],
      [40, 120, 220],
      [220, 80, 90],
    ]),
  )
  const hueB = light.tone(
    rng.pick<Rgb>([
      [40, 200, 220],
      [250, 150, 60],
      [120, 80, 230],
    ]),
  )
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const n = noise.fractal2(x / 40, y / 40, 5)
      const band = Math.exp(-(((y / sh - 0.5 - (x / sw - 0.5) * 0.6) * 3) ** 2))
      const a = Math.max(0, n - 0.35) * 1.6 * band
      const c = mix(hueA, hueB, noise.at2(x / 25 + 9, y / 25))
      const o = (y * sw + x) * 4
      img.data[o] = c[0]
      img.data[o + 1] = c[1]
      img.data[o + 2] = c[2]
      img.data[o + 3] = Math.min(1, a) * 200
    }
  }
  sctx.putImageData(img, 0, 0)
  plate.ctx.setTransform(1, 0, 0, 1, 0, 0)
  plate.ctx.imageSmoothingQuality = 'high'
  plate.ctx.drawImage(small, 0, 0, plate.canvas.width, plate.canvas.height)

  const r = stage.unit * rng.range(0.22, 0.32)
  const surface = light.tone(
    rng.pick<Rgb>([
      [200, 120, 80],
      [80, 140, 200],
      [190, 180, 150],
    ]),
  )
  const planet = bakeSprite(r * 2.6, r * 2.6, r * 1.3, r * 1.3, (ctx) => {
    const halo = ctx.createRadialGradient(0, 0, r * 0.95, 0, 0, r * 1.28)
    halo.addColorStop(0, css(mix(surface, [200, 230, 255], 0.6), 0.6))
    halo.addColorStop(1, css(surface, 0))
    ctx.fillStyle = halo
    ctx.fillRect(-r * 1.3, -r * 1.3, r * 2.6, r * 2.6)
    ctx.save()
    ctx.beginPath()
    ctx.arc(0, 0, r, 0, Math.PI * 2)
    ctx.clip()
    ctx.fillStyle = css(surface)
    ctx.fillRect(-r, -r, r * 2, r * 2)
    for (let i = 0; i < 9; i++) {
      ctx.fillStyle = css(scale(surface, rng.range(0.7, 1.15)), 0.6)
      ctx.fillRect(
        -r,
        -r + (i / 9) * r * 2 + rng.range(-4, 4),
        r * 2,
        ((r * 2) / 9) * rng.range(0.4, 1),
      )
    }
    const shade = ctx.createRadialGradient(
      -r * 0.45,
      -r * 0.4,
      r * 0.1,
      -r * 0.2,
      -r * 0.2,
      r * 1.5,
    )
    shade.addColorStop(0, 'rgba(0,0,0,0)')
    shade.addColorStop(0.6, 'rgba(0,0,0,0.35)')
    shade.addColorStop(1, 'rgba(0,0,0,0.92)')
    ctx.fillStyle = shade
    ctx.fillRect(-r, -r, r * 2, r * 2)
    ctx.restore()
  })
  const px = stage.width * rng.range(0.6, 0.8)
  const py = stage.height * rng.range(0.55, 0.75)
  return [
    { name: 'nebula', depth: 0.02, sharp: false, draw: (c) => drawPlate(c, plate) },
    {
      name: 'planet',
      depth: 0.2,
      sharp: true,
      draw: (c, f) => drawSprite(c, planet, px, py, f.t * 0.01),
    },
  ]
}
