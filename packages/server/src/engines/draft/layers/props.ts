import type { SKRSContext2D } from '@napi-rs/canvas'
import { css, mix, scale, type Rgb } from '../color.js'
import type { Build, Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createRng } from '../prng.js'
import type { Setting } from '../scene.js'
import { createBeamLayer, paintLighthouse } from './lighthouse.js'
import { bakeSprite, drawSprite } from './sprite.js'
import { broadleaf, conifer, palm } from './trees.js'

/** A sailboat drifting and rocking on the water, its reflection baked beneath it. */
export function createBoatLayer(b: Build): Layer {
  const { stage, light } = b
  const rng = createRng(b.seed, 'boat')
  const size = stage.unit * rng.range(0.1, 0.15)
  const hull = litColor(
    light,
    rng.pick<Rgb>([
      [240, 236, 226],
      [160, 40, 40],
      [40, 60, 110],
    ]),
    0.1,
  )
  const sail = litColor(light, [246, 242, 232], 0.1)
  const paint = (ctx: SKRSContext2D, flip: number) => {
    ctx.fillStyle = css(hull)
    ctx.beginPath()
    ctx.moveTo(-size * 0.5, -size * 0.12 * flip)
    ctx.lineTo(size * 0.55, -size * 0.12 * flip)
    ctx.lineTo(size * 0.38, 0)
    ctx.lineTo(-size * 0.4, 0)
    ctx.fill()
    ctx.fillStyle = css(scale(hull, 0.4))
    ctx.fillRect(-size * 0.02, -size * 1.05 * flip, size * 0.025, size * 0.95 * flip)
    ctx.fillStyle = css(sail)
    ctx.beginPath()
    ctx.moveTo(size * 0.02, -size * 1.0 * flip)
    ctx.lineTo(size * 0.42, -size * 0.17 * flip)
    ctx.lineTo(size * 0.02, -size * 0.17 * flip)
    ctx.moveTo(-size * 0.03, -size * 0.9 * flip)
    ctx.lineTo(-size * 0.36, -size * 0.17 * flip)
    ctx.lineTo(-size * 0.03, -size * 0.17 * flip)
    ctx.fill()
    if (light.lights > 0.4) {
      ctx.fillStyle = css([255, 220, 140])
      ctx.fillRect(-size * 0.04, -size * 1.07 * flip, size * 0.05, size * 0.05 * flip)
    }
  }
  const boat = bakeSprite(size * 1.2, size * 2.2, size * 0.6, size * 1.1, (ctx) => {
    paint(ctx, 1)
    ctx.globalAlpha = 0.3
    ctx.scale(1, 0.8)
    paint(ctx, -1)
  })
  const depth = 0.3
  const y = stage.horizon + (stage.height - stage.horizon) * rng.range(0.18, 0.3)
  const x0 = stage.width * rng.range(0.3, 0.7)
  const drift = stage.unit * 0.012 * (rng.chance(0.5) ? 1 : -1)
  return {
    name: 'boat',
    depth,
    sharp: true,
    draw: (ctx, f) =>
      drawSprite(
        ctx,
        boat,
        x0 + f.t * drift,
        y + Math.sin(f.t * 1.3) * size * 0.02,
        Math.sin(f.t * 1.1) * 0.04,
      ),
  }
}

/** A striped hot-air balloon rising slowly and swaying. */
export function createBalloonLayer(b: Build): Layer {
  const { stage, light } = b
  const rng = createRng(b.seed, 'balloon')
  const r = stage.unit * rng.range(0.05, 0.075)
  const colors = [
    rng.pick<Rgb>([
      [220, 50, 50],
      [240, 180, 40],
      [40, 110, 200],
    ]),
    [245, 240, 230] as Rgb,
  ]
  const balloon = bakeSprite(r * 2.4, r * 3.4, r * 1.2, r * 1.1, (ctx) => {
    ctx.save()
    ctx.beginPath()
    ctx.arc(0, 0, r, Math.PI * 0.8, Math.PI * 2.2)
    ctx.lineTo(r * 0.25, r * 1.55)
    ctx.lineTo(-r * 0.25, r * 1.55)
    ctx.closePath()
    ctx.clip()
    // Gores from the outside in, alternating colours, so the stripes narrow towards the edge.
    for (let i = 4; i >= 0; i--) {
      ctx.fillStyle = css(litColor(light, colors[i % 2]!, 0.05))
      ctx.beginPath()
      ctx.ellipse(0, 0, r * (0.1 + i * 0.25), r * 2, 0, 0, Math.PI * 2)
      ctx.fill()
    }
    const shade = ctx.createLinearGradient(-r, 0, r, 0)
    shade.addColorStop(0, 'rgba(0,0,0,0)')
    shade.addColorStop(1, 'rgba(0,0,0,0.35)')
    ctx.fillStyle = shade
    ctx.fillRect(-r, -r, r * 2, r * 3)
    ctx.restore()
    ctx.fillStyle = css(litColor(light, [110, 80, 50], 0.05))
    ctx.fillRect(-r * 0.18, r * 1.75, r * 0.36, r * 0.3)
    ctx.strokeStyle = ctx.fillStyle
    ctx.lineWidth = Math.max(1, r * 0.03)
    ctx.beginPath()
    ctx.moveTo(-r * 0.25, r * 1.55)
    ctx.lineTo(-r * 0.16, r * 1.75)
    ctx.moveTo(r * 0.25, r * 1.55)
    ctx.lineTo(r * 0.16, r * 1.75)
    ctx.stroke()
  })
  const x0 = stage.width * rng.range(0.25, 0.75)
  const y0 = stage.horizon * rng.range(0.45, 0.7)
  return {
    name: 'balloon',
    depth: 0.25,
    sharp: true,
    draw: (ctx, f) =>
      drawSprite(
        ctx,
        balloon,
        x0 + f.t * r * 0.12,
        y0 - f.t * r * 0.18,
        Math.sin(f.t * 0.8) * 0.03,
      ),
  }
}

const TREE_KIND: Partial<Record<Setting, 'palm' | 'conifer'>> = {
  beach: 'palm',
  forest: 'conifer',
  mountains: 'conifer',
  snowfield: 'conifer',
}

/** One or two near trees framing the shot at the sides, swaying in the wind. */
export function createForegroundTrees(b: Build): Layer {
  const { stage, light, scene } = b
  const rng = createRng(b.seed, 'foreground-trees')
  const kind = TREE_KIND[scene.setting] ?? 'broadleaf'
  const height = stage.height * rng.range(0.55, 0.75)
  const ink = css(
    mix(scale(litColor(light, [40, 70, 40], 0), 0.6), [10, 12, 16], light.darkness * 0.5),
  )
  const tree = bakeSprite(height, height * 1.1, height / 2, height * 1.05, (ctx) => {
    ctx.fillStyle = ink
    ctx.beginPath()
    const shape = kind === 'palm' ? palm : kind === 'conifer' ? conifer : broadleaf
    shape(ctx, 0, 0, height, rng)
    ctx.fill()
  })
  const sides = rng.chance(0.5) ? [rng.pick([0.04, 0.96])] : [0.03, 0.97]
  const windy = scene.weather === 'wind' || scene.weather === 'storm' ? 3 : 1
  return {
    name: 'foreground-trees',
    depth: 0.85,
    sharp: true,
    draw: (ctx, f) => {
      for (const [i, s] of sides.entries()) {
        drawSprite(
          ctx,
          tree,
          stage.width * s,
          stage.height * 1.04,
          Math.sin(f.t * 1.2 + i) * 0.012 * windy,
        )
      }
    },
  }
}

/** A cabin in the middle distance, its window lit after dark. */
export function createHouseLayer(b: Build): Layer {
  const { stage, light } = b
  const rng = createRng(b.seed, 'house')
  const s = stage.unit * 0.09
  const wall = litColor(
    light,
    rng.pick<Rgb>([
      [180, 70, 50],
      [220, 210, 190],
      [120, 90, 60],
    ]),
    0.15,
  )
  const house = bakeSprite(s * 1.6, s * 1.6, s * 0.8, s * 1.5, (ctx) => {
    ctx.fillStyle = css(wall)
    ctx.fillRect(-s * 0.6, -s * 0.6, s * 1.2, s * 0.6)
    ctx.fillStyle = css(scale(wall, 0.45))
    ctx.beginPath()
    ctx.moveTo(-s * 0.72, -s * 0.58)
    ctx.lineTo(0, -s * 1.1)
    ctx.lineTo(s * 0.72, -s * 0.58)
    ctx.fill()
    ctx.fillRect(s * 0.3, -s * 1.05, s * 0.12, s * 0.3)
    ctx.fillStyle = light.lights > 0.3 ? css([255, 210, 130]) : css(scale(light.zenith, 0.5))
    ctx.fillRect(-s * 0.4, -s * 0.45, s * 0.25, s * 0.2)
    ctx.fillRect(s * 0.15, -s * 0.45, s * 0.25, s * 0.2)
    ctx.fillStyle = css(scale(wall, 0.3))
    ctx.fillRect(-s * 0.08, -s * 0.35, s * 0.16, s * 0.35)
  })
  const x = stage.width * rng.range(0.2, 0.8)
  const y = stage.horizon + (stage.height - stage.horizon) * 0.16
  return { name: 'house', depth: 0.3, sharp: true, draw: (ctx) => drawSprite(ctx, house, x, y) }
}

/** A lighthouse standing inland (the coast has its own on the cliff). */
export function createStandaloneLighthouse(b: Build): Layer[] {
  const { stage } = b
  const height = stage.height * 0.4
  const x = stage.width * 0.3
  const ground = stage.horizon + (stage.height - stage.horizon) * 0.2
  let lantern = { x, y: ground }
  const tower = bakeSprite(height * 0.4, height * 1.1, height * 0.2, height * 1.05, (ctx) => {
    lantern = paintLighthouse(b, ctx, 0, 0, height, x)
  })
  const depth = 0.35
  return [
    { name: 'lighthouse', depth, sharp: true, draw: (ctx) => drawSprite(ctx, tower, x, ground) },
    createBeamLayer(b, { x, y: ground + lantern.y, depth }, height * 0.06),
  ]
}
