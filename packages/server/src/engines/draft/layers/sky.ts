import { Path2D } from '@napi-rs/canvas'
import { css, mix, scale } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { createRng } from '../prng.js'

const TWINKLE_GROUPS = 5

/**
 * The sky: a gradient by time of day with the sun or moon and their glow baked in (one blit per
 * frame), and a star field that twinkles in a few phase groups so a frame costs a handful of fills.
 */
export function createSkyLayers(b: Build): Layer[] {
  const { stage, light, camera } = b
  const { width: w, horizon } = stage
  // The sky plate reaches the bottom so no pixel of a frame is ever left from the previous one.
  const plate = createPlate(b, 0)
  const { ctx } = plate
  const top = plate.y
  const grad = ctx.createLinearGradient(0, top, 0, horizon)
  grad.addColorStop(0, css(light.zenith))
  grad.addColorStop(0.55, css(mix(light.zenith, light.upper, 0.7)))
  grad.addColorStop(0.85, css(light.upper))
  grad.addColorStop(1, css(light.horizon))
  ctx.fillStyle = grad
  ctx.fillRect(plate.x, top, plate.canvas.width, horizon - top)
  ctx.fillStyle = css(light.horizon)
  ctx.fillRect(plate.x, horizon - 1, plate.canvas.width, plate.canvas.height)

  const u = stage.unit
  const sx = light.sunX * w
  const sy = horizon - light.sunElevation * horizon
  const warm = light.sunElevation < 0.2 && !light.moon
  // Low sun: a wide band of light along the horizon under it.
  if (warm) {
    ctx.save()
    ctx.translate(sx, horizon)
    ctx.scale(3.2, 1)
    const band = ctx.createRadialGradient(0, 0, 0, 0, 0, u * 0.55)
    band.addColorStop(0, css(light.sunColor, light.sunVisible ? 0.55 : 0.3))
    band.addColorStop(1, css(light.sunColor, 0))
    ctx.fillStyle = band
    ctx.fillRect(-u * 0.6, -u * 0.6, u * 1.2, u * 1.2)
    ctx.restore()
  }
  if (light.sunElevation > -0.02) {
    const r = u * (light.moon ? 0.03 : warm ? 0.05 : 0.038)
    const glow = ctx.createRadialGradient(sx, sy, r * 0.6, sx, sy, r * (light.moon ? 7 : 10))
    glow.addColorStop(0, css(light.sunColor, light.sunVisible ? 0.75 : 0.35))
    glow.addColorStop(0.25, css(light.sunColor, light.sunVisible ? 0.25 : 0.12))
    glow.addColorStop(1, css(light.sunColor, 0))
    ctx.fillStyle = glow
    ctx.fillRect(sx - r * 10, sy - r * 10, r * 20, r * 20)
    if (light.sunVisible) {
      const disc = ctx.createRadialGradient(sx, sy, r * 0.8, sx, sy, r * 1.06)
      const core = light.moon ? light.sunColor : mix(light.sunColor, [255, 250, 235], 0.6)
      disc.addColorStop(0, css(core))
      disc.addColorStop(1, css(core, 0))
      ctx.fillStyle = disc
      ctx.beginPath()
      ctx.arc(sx, sy, r * 1.06, 0, Math.PI * 2)
      ctx.fill()
      if (light.moon) {
        ctx.fillStyle = css(scale(light.sunColor, 0.8), 0.35)
        for (const [dx, dy, rr] of [
          [-0.3, -0.2, 0.28],
          [0.25, 0.15, 0.2],
          [-0.05, 0.4, 0.15],
        ] as const) {
          ctx.beginPath()
          ctx.arc(sx + dx * r, sy + dy * r, rr * r, 0, Math.PI * 2)
          ctx.fill()
        }
      }
    }
  }
  const sky: Layer = { name: 'sky', depth: 0, sharp: false, draw: (c) => drawPlate(c, plate) }
  if (light.stars < 0.15) return [sky]

  const rng = createRng(b.seed, 'stars')
  const m = camera.margin(0)
  const count = Math.round(((w + 2 * m.x) * horizon * (b.scene.setting === 'space' ? 3 : 1)) / 2600)
  const groups = Array.from({ length: TWINKLE_GROUPS }, () => new Path2D())
  const phases = Array.from({ length: TWINKLE_GROUPS }, () => rng.range(0, Math.PI * 2))
  const starBottom = b.scene.setting === 'space' ? stage.height + m.y : horizon * 0.92
  for (let i = 0; i < count; i++) {
    const y = rng.range(-m.y, starBottom)
    // Fewer stars low in the sky, where the air is thick.
    if (b.scene.setting !== 'space' && rng.next() < (y / horizon) ** 2) continue
    const size = (rng.chance(0.08) ? 2.2 : rng.range(0.8, 1.5)) * Math.max(1, u / 720)
    groups[i % TWINKLE_GROUPS]!.rect(rng.range(-m.x, w + m.x), y, size, size)
  }
  const starColor = css(mix(light.sunColor, [255, 255, 255], 0.5))
  const stars: Layer = {
    name: 'stars',
    depth: 0,
    sharp: false,
    draw: (c, f) => {
      c.fillStyle = starColor
      for (let g = 0; g < TWINKLE_GROUPS; g++) {
        c.globalAlpha = light.stars * (0.65 + 0.35 * Math.sin(f.t * (2.2 + g * 0.7) + phases[g]!))
        c.fill(groups[g]!)
      }
      c.globalAlpha = 1
    },
  }
  return [sky, stars]
}
