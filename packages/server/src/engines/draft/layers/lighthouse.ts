import type { SKRSContext2D } from '@napi-rs/canvas'
import { css, mix, scale } from '../color.js'
import type { Build, Layer } from '../layer.js'

/** Where the lighthouse stands in stage coordinates; birds circle its lantern. */
export interface Landmark {
  x: number
  /** Stage y of the lantern. */
  y: number
  depth: number
}

/**
 * Paints a lighthouse tower standing on `ground` (baked into the cliff plate or a sprite): banded
 * tower shaded away from the sun, gallery, glowing lantern and cap. `stageX` is where it stands in
 * the frame, to know which side the sun lights. Returns the lantern position.
 */
export function paintLighthouse(
  b: Build,
  ctx: SKRSContext2D,
  x: number,
  ground: number,
  height: number,
  stageX = x,
): { x: number; y: number } {
  const { light } = b
  const base = height * 0.17
  const top = height * 0.12
  const towerTop = ground - height * 0.78
  const sunSide = light.sunX * b.stage.width > stageX ? 1 : -1
  const white = mix(light.tone([236, 232, 224]), light.ambient, 0.35)
  const red = mix(light.tone([170, 40, 36]), light.ambient, 0.3)
  const shadeOf = (c: readonly [number, number, number]) => {
    const g = ctx.createLinearGradient(x - base / 2, 0, x + base / 2, 0)
    g.addColorStop(sunSide > 0 ? 0 : 1, css(scale(c, 0.45)))
    g.addColorStop(0.5, css(scale(c, 0.75)))
    g.addColorStop(sunSide > 0 ? 1 : 0, css(c))
    return g
  }
  const tower = () => {
    ctx.beginPath()
    ctx.moveTo(x - base / 2, ground)
    ctx.lineTo(x - top / 2, towerTop)
    ctx.lineTo(x + top / 2, towerTop)
    ctx.lineTo(x + base / 2, ground)
    ctx.closePath()
  }
  ctx.save()
  ctx.fillStyle = shadeOf(white)
  tower()
  ctx.fill()
  ctx.clip()
  ctx.fillStyle = shadeOf(red)
  for (let i = 0; i < 3; i++) {
    const y0 = ground - height * (0.14 + i * 0.23)
    ctx.fillRect(x - base, y0 - height * 0.09, base * 2, height * 0.09)
  }
  ctx.restore()
  // Gallery, lantern room and cap.
  const dark = css(scale(light.ambient, 0.12))
  ctx.fillStyle = dark
  ctx.fillRect(x - top * 0.85, towerTop - height * 0.025, top * 1.7, height * 0.03)
  const lanternY = towerTop - height * 0.085
  ctx.fillRect(x - top * 0.42, lanternY - height * 0.055, top * 0.84, height * 0.115)
  ctx.fillStyle = css(mix([255, 226, 150], light.sunColor, 0.2), 0.5 + light.darkness * 0.5)
  ctx.fillRect(x - top * 0.32, lanternY - height * 0.045, top * 0.64, height * 0.09)
  ctx.fillStyle = css(scale(red, 0.6))
  ctx.beginPath()
  ctx.moveTo(x - top * 0.55, lanternY - height * 0.055)
  ctx.quadraticCurveTo(x, lanternY - height * 0.14, x + top * 0.55, lanternY - height * 0.055)
  ctx.closePath()
  ctx.fill()
  ctx.fillStyle = dark
  ctx.fillRect(x - top * 0.12, ground - height * 0.1, top * 0.24, height * 0.1)
  return { x, y: lanternY }
}

/**
 * The rotating beam: a wedge sweeping round the lantern, foreshortened as it turns, flaring when it
 * faces the camera. Brighter the darker the sky.
 */
export function createBeamLayer(b: Build, lantern: Landmark, size: number): Layer {
  const strength = 0.25 + 0.75 * b.light.darkness
  const reach = b.stage.width * 0.9
  const period = 6
  const beamColor = [255, 236, 190] as const
  return {
    name: 'lighthouse-beam',
    depth: lantern.depth,
    sharp: false,
    draw: (ctx, f) => {
      const angle = (f.t / period) * Math.PI * 2
      ctx.globalCompositeOperation = 'lighter'
      for (const phase of [0, Math.PI]) {
        const a = angle + phase
        const across = Math.cos(a)
        const toward = Math.sin(a)
        const len = reach * Math.abs(across)
        const half = size * (0.35 + 0.5 * Math.abs(across))
        const alpha = strength * (toward > 0 ? 0.55 : 0.3) * (0.3 + 0.7 * Math.abs(across))
        if (len > size) {
          const ex = lantern.x + Math.sign(across) * len
          const g = ctx.createLinearGradient(lantern.x, 0, ex, 0)
          g.addColorStop(0, css(beamColor, alpha))
          g.addColorStop(1, css(beamColor, 0))
          ctx.fillStyle = g
          ctx.beginPath()
          ctx.moveTo(lantern.x, lantern.y - size * 0.12)
          ctx.lineTo(ex, lantern.y - half - len * 0.04)
          ctx.lineTo(ex, lantern.y + half - len * 0.04)
          ctx.lineTo(lantern.x, lantern.y + size * 0.12)
          ctx.closePath()
          ctx.fill()
        }
      }
      const facing = Math.max(0, Math.sin(angle))
      const flare = size * (1.5 + 5 * facing ** 4)
      const g = ctx.createRadialGradient(lantern.x, lantern.y, 0, lantern.x, lantern.y, flare)
      g.addColorStop(0, css(beamColor, Math.min(1, strength * (0.6 + 0.4 * facing))))
      g.addColorStop(1, css(beamColor, 0))
      ctx.fillStyle = g
      ctx.fillRect(lantern.x - flare, lantern.y - flare, flare * 2, flare * 2)
      ctx.globalCompositeOperation = 'source-over'
    },
  }
}
