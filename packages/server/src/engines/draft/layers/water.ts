import { createCanvas, Path2D } from '@napi-rs/canvas'
import { css, mix, scale } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { createRng } from '../prng.js'

/** Depth of the water plane: the reflection, tint and ripples all move with it. */
const DEPTH = 0.15

/**
 * Open water: the frame above the horizon mirrored below it (at half resolution: reflections are
 * soft), displaced row by row with a travelling sine (draft-engine.md "Water"), tinted deeper
 * towards the viewer, with ripple streaks and a glittering sun or moon path.
 */
export function createWaterLayer(b: Build): Layer {
  const { stage, light, camera } = b
  const { width: w, height: h, horizon } = stage
  const rng = createRng(b.seed, 'water')
  const mirror = createCanvas(Math.ceil(w / 2), Math.ceil(h / 2))
  const mctx = mirror.getContext('2d')

  // Tint, clear near the horizon (grazing angles reflect most) and deep close by, with ripple
  // streaks packed towards the horizon as on a receding plane.
  const body = createPlate(b, DEPTH, { top: horizon })
  const bctx = body.ctx
  const tint = bctx.createLinearGradient(0, horizon, 0, h)
  tint.addColorStop(0, css(mix(light.water, light.horizon, 0.5), 0.15))
  tint.addColorStop(0.35, css(light.water, 0.45))
  tint.addColorStop(1, css(scale(light.water, 0.8), 0.7))
  bctx.fillStyle = tint
  bctx.fillRect(body.x, horizon, body.canvas.width, body.canvas.height)
  const streaks = { hi: new Path2D(), lo: new Path2D() }
  for (let z = 1; z < 400; z *= 1.05) {
    const y = horizon + (h - horizon) * (1.2 / z)
    if (y > h * 1.1) continue
    const thick = Math.max(1, (stage.unit * 0.004) / z)
    for (let x = body.x; x < body.x + body.canvas.width;) {
      const len = (stage.unit * rng.range(0.02, 0.12)) / Math.sqrt(z)
      ;(rng.chance(0.5) ? streaks.hi : streaks.lo).rect(x, y + rng.range(-2, 2), len, thick)
      x += len * rng.range(1.2, 3.5)
    }
  }
  bctx.fillStyle = css(mix(light.horizon, [255, 255, 255], 0.3), 0.18)
  bctx.fill(streaks.hi)
  bctx.fillStyle = css(scale(light.water, 0.6), 0.25)
  bctx.fill(streaks.lo)

  // Glitter under the sun or moon: three dash sets that flash in turn.
  const glitter = light.sunVisible && light.sunElevation > -0.02 ? 3 : 0
  const sunX = light.sunX * w
  const spread = stage.unit * (0.06 + 0.12 * (1 - Math.min(1, light.sunElevation * 2)))
  const sparkles = Array.from({ length: glitter }, (_, k) => {
    const plate = createPlate(b, DEPTH, {
      top: horizon,
      left: sunX - spread * 6,
      right: sunX + spread * 6,
    })
    const g = plate.ctx
    const dashes = new Path2D()
    const r = createRng(b.seed, `glitter-${k}`)
    for (let i = 0; i < 260; i++) {
      const depth = Math.pow(r.next(), 1.8)
      const y = horizon + 1 + depth * (h - horizon)
      const x = sunX + r.gauss() * spread * (0.3 + depth * 1.4)
      const len = stage.unit * (0.004 + depth * 0.02) * r.range(0.4, 1)
      dashes.rect(x - len / 2, y, len, Math.max(1, depth * stage.unit * 0.003))
    }
    g.fillStyle = css(mix(light.sunColor, [255, 255, 255], 0.5), 0.85)
    g.fill(dashes)
    return plate
  })

  const speed = b.scene.weather === 'storm' || b.scene.weather === 'wind' ? 2.2 : 1
  return {
    name: 'water',
    depth: 'screen',
    sharp: false,
    draw: (ctx, f) => {
      const m = camera.matrix(f.pose, DEPTH)
      const s = m[0]
      const hy = Math.round(s * horizon + m[5])
      const rows = Math.min(h - hy, hy)
      if (rows > 0) {
        mctx.setTransform(0.5, 0, 0, -0.5, 0, rows / 2)
        mctx.drawImage(f.target, 0, hy - rows, w, rows, 0, 0, w, rows)
        // Sine displacement per row, drawn as sheared strips: the offset is exact at each strip's
        // edges and linear between them, so the ripple is continuous with few draw calls.
        const unit = stage.unit / 720
        const offset = (y: number) =>
          (0.6 + y * 0.025) * unit * Math.sin(Math.pow(y + 4, 0.6) * 1.1 - f.t * 2.4 * speed)
        const pad = (0.6 + rows * 0.025) * unit + 2
        let y0 = 0
        let d0 = offset(0)
        while (y0 < rows) {
          const y1 = Math.min(rows, y0 + Math.max(3, Math.round(Math.pow(y0 + 4, 0.4) * 2.2)))
          const d1 = offset(y1)
          const shear = (d1 - d0) / (y1 - y0)
          ctx.setTransform(1, 0, shear, 1, d0 - shear * (hy + y0), 0)
          ctx.drawImage(
            mirror,
            0,
            y0 / 2,
            w / 2,
            (y1 - y0) / 2,
            -pad,
            hy + y0,
            w + 2 * pad,
            y1 - y0,
          )
          y0 = y1
          d0 = d1
        }
      }
      ctx.setTransform(...m)
      drawPlate(ctx, body)
      const sparkle = sparkles[Math.floor(f.t * 7) % 3]
      if (sparkle) {
        ctx.globalCompositeOperation = 'lighter'
        ctx.globalAlpha = 0.7
        drawPlate(ctx, sparkle)
        ctx.globalAlpha = 1
        ctx.globalCompositeOperation = 'source-over'
      }
    },
  }
}
