import { createCanvas } from '@napi-rs/canvas'
import { css, mix } from '../color.js'
import type { Build, Layer } from '../layer.js'
import { createRng, type Rng } from '../prng.js'

interface Drop {
  x: number
  y: number
  speed: number
  size: number
}

/**
 * Falling weather in screen space: rain as slanted motion-blurred streaks in two depth bands with
 * splashes on the ground, snow as drifting flakes. Positions come from seeded starting points moved
 * by time, so any frame can be drawn on its own.
 */
export function createPrecipitationLayer(b: Build): Layer | undefined {
  const { scene, stage, light } = b
  const { width: w, height: h } = stage
  const rain = scene.weather === 'rain' || scene.weather === 'storm'
  const snow = scene.weather === 'snow'
  if (!rain && !snow) return undefined
  const rng = createRng(b.seed, 'precipitation')
  const area = (w * h) / (1280 * 720)
  const heavy = scene.weather === 'storm' ? 1.5 : 1
  const wind = (scene.weather === 'storm' ? 0.25 : 0.1) * (rng.chance(0.5) ? 1 : -1)
  const drops = (n: number, speed: [number, number], size: [number, number]): Drop[] =>
    Array.from({ length: Math.round(n * area * heavy) }, () => ({
      x: rng.range(0, w),
      y: rng.range(0, h),
      speed: rng.range(...speed),
      size: rng.range(...size),
    }))
  if (rain) {
    const far = drops(380, [1.6 * h, 2.2 * h], [0.018 * h, 0.03 * h])
    const near = drops(160, [2.6 * h, 3.4 * h], [0.05 * h, 0.08 * h])
    // Streaks catch the light: brighter than the sky behind them by day, lit by the city by night.
    const tint = mix([225, 232, 245], light.horizon, 0.25)
    const farInk = css(tint, 0.35 + light.lights * 0.05)
    const nearInk = css(tint, 0.5 + light.lights * 0.05)
    const width = Math.max(1, stage.unit / 600)
    const ground = stage.horizon + (h - stage.horizon) * 0.2
    return {
      name: 'rain',
      depth: 'screen',
      sharp: false,
      draw: (ctx, f) => {
        ctx.lineCap = 'round'
        for (const [list, ink, lw] of [
          [far, farInk, width],
          [near, nearInk, width * 1.6],
        ] as const) {
          ctx.strokeStyle = ink
          ctx.lineWidth = lw
          ctx.beginPath()
          for (const d of list) {
            const span = h + d.size
            const y = ((d.y + f.t * d.speed) % span) - d.size
            const x = (((d.x + y * wind) % w) + w) % w
            ctx.moveTo(x, y)
            ctx.lineTo(x + d.size * wind, y + d.size)
          }
          ctx.stroke()
        }
        splashes(ctx, createRng(b.seed, `splash-${f.index}`), w, ground, h, nearInk, width)
      },
    }
  }
  const flakes = drops(420, [0.06 * h, 0.14 * h], [0.002 * h, 0.007 * h])
  const ink = css(mix([250, 250, 255], light.ambient, 0.2), 0.85)
  return {
    name: 'snow',
    depth: 'screen',
    sharp: false,
    draw: (ctx, f) => {
      ctx.fillStyle = ink
      ctx.beginPath()
      for (const d of flakes) {
        const y = ((d.y + f.t * d.speed) % (h + 10)) - 5
        const sway = Math.sin(f.t * 0.9 + d.x * 0.01) * d.size * 6
        const x = (((d.x + sway + f.t * wind * d.speed * 2) % w) + w) % w
        ctx.moveTo(x + d.size, y)
        ctx.arc(x, y, d.size, 0, Math.PI * 2)
      }
      ctx.fill()
    },
  }
}

/** Short-lived rings where drops hit the ground or water, new ones every frame. */
function splashes(
  ctx: Parameters<Layer['draw']>[0],
  rng: Rng,
  w: number,
  top: number,
  h: number,
  ink: string,
  width: number,
): void {
  ctx.strokeStyle = ink
  ctx.lineWidth = width
  ctx.beginPath()
  for (let i = 0; i < 40; i++) {
    const y = rng.range(top, h)
    const r = (2 + ((y - top) / (h - top)) * 7) * width
    const x = rng.range(0, w)
    ctx.moveTo(x + r, y)
    ctx.ellipse(x, y, r, r * 0.3, 0, Math.PI, Math.PI * 2)
  }
  ctx.stroke()
}

/**
 * Lightning: the branched bolt of each flash (baked once, drawn behind the land) and the
 * full-frame flash that flickers twice and fades. The same flash times drive the thunder.
 */
export function createLightningLayers(b: Build): Layer[] {
  const { timeline, stage } = b
  if (timeline.lightning.length === 0) return []
  const { width: w, height: h } = stage
  const bolts = timeline.lightning.map((e) =>
    bakeBolt(createRng(e.seed, 'bolt'), w, h, stage.horizon, e.x * w),
  )
  const level = (t: number) => {
    let best = 0
    for (const [i, e] of timeline.lightning.entries()) {
      const dt = t - e.t
      if (dt < 0 || dt > 0.5) continue
      const flicker =
        dt < 0.06 ? 1 : dt < 0.12 ? 0.35 : dt < 0.18 ? 0.85 : Math.exp(-(dt - 0.18) * 10)
      if (flicker > best) best = flicker * (i % 2 ? 0.85 : 1)
    }
    return best
  }
  return [
    {
      name: 'lightning-bolt',
      depth: 0.05,
      sharp: false,
      draw: (ctx, f) => {
        for (const [i, e] of timeline.lightning.entries()) {
          const dt = f.t - e.t
          if (dt < 0 || dt > 0.22) continue
          ctx.globalAlpha = dt < 0.12 ? 1 : 0.6
          ctx.drawImage(bolts[i]!, 0, 0)
        }
        ctx.globalAlpha = 1
      },
    },
    {
      name: 'lightning-flash',
      depth: 'screen',
      sharp: false,
      draw: (ctx, f) => {
        const a = level(f.t)
        if (a <= 0.01) return
        ctx.globalCompositeOperation = 'screen'
        ctx.fillStyle = css([200, 210, 255], a * 0.55)
        ctx.fillRect(0, 0, w, h)
        ctx.globalCompositeOperation = 'source-over'
      },
    },
  ]
}

function bakeBolt(rng: Rng, w: number, h: number, ground: number, x: number) {
  const canvas = createCanvas(w, h)
  const ctx = canvas.getContext('2d')
  const branch = (x0: number, y0: number, y1: number, width: number, depth: number) => {
    ctx.lineWidth = width
    ctx.beginPath()
    ctx.moveTo(x0, y0)
    let px = x0
    const steps = 18
    for (let i = 1; i <= steps; i++) {
      const y = y0 + ((y1 - y0) * i) / steps
      px += rng.range(-1, 1) * h * 0.03
      ctx.lineTo(px, y)
      if (depth < 2 && rng.chance(0.12)) {
        ctx.stroke()
        branch(px, y, y + (y1 - y) * rng.range(0.3, 0.6), width * 0.5, depth + 1)
        ctx.lineWidth = width
        ctx.beginPath()
        ctx.moveTo(px, y)
      }
    }
    ctx.stroke()
  }
  ctx.strokeStyle = 'rgba(235,240,255,0.95)'
  ctx.shadowColor = 'rgba(170,190,255,1)'
  ctx.shadowBlur = h * 0.02
  ctx.lineJoin = 'round'
  branch(x, -h * 0.02, ground, Math.max(1.5, h * 0.004), 0)
  return canvas
}
