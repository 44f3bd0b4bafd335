import { css, mix, scale, type Rgb } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import { broadleaf, conifer } from './trees.js'

/** One silhouette band of land: a 1-D noise profile filled down to the ground. */
export interface RidgeSpec {
  name: string
  depth: number
  /** Stage y of the profile's lowest points. */
  base: number
  /** Peak height above `base`, pixels. */
  amp: number
  /** Pixels per noise cell: larger is broader hills. */
  cell: number
  /** Ridged (sharp) peaks for mountains, smooth for hills and dunes. */
  kind: 'ridged' | 'smooth' | 'dune'
  color: Rgb
  /** 0 near .. 1 far: how much the haze swallows it. */
  distance: number
  trees?: { kind: 'conifer' | 'broadleaf'; size: number; density: number }
  /** Fraction of the peak height above which snow lies. */
  snow?: number
  /** Stage y to stop painting at (the next nearer ridge covers the rest). */
  bottom: number
}

/**
 * Bakes one ridge plate with atmospheric perspective (farther = lighter, bluer), shading on the
 * slopes facing away from the sun, optional snow and instanced trees (draft-engine.md "Terrain").
 */
export function createRidge(b: Build, spec: RidgeSpec): Layer & { profileMax: number } {
  const { stage, light, camera } = b
  const rng = createRng(b.seed, `ridge-${spec.name}`)
  const noise = createNoise(rng)
  const m = camera.margin(spec.depth)
  const step = 2
  const x0 = -m.x - step
  const x1 = stage.width + m.x + step
  const profile: number[] = []
  for (let x = x0; x <= x1; x += step) {
    const n = noise.fractal1(x / spec.cell, spec.kind === 'smooth' ? 3 : 5)
    let h: number
    if (spec.kind === 'ridged') h = Math.pow(1 - Math.abs(2 * n - 1), 1.6) * 0.85 + n * 0.15
    else if (spec.kind === 'dune')
      h = Math.pow(Math.abs(Math.sin((x / spec.cell) * 2.1 + n * 4)), 0.7) * (0.5 + n * 0.6)
    else h = n
    profile.push(spec.base - spec.amp * h)
  }
  const at = (i: number) => profile[Math.min(profile.length - 1, Math.max(0, i))]!
  const treeRoom = spec.trees ? spec.trees.size * 1.1 : 0
  const minY = Math.min(...profile) - treeRoom - 4
  const plate = createPlate(b, spec.depth, { top: minY, bottom: spec.bottom })
  const { ctx } = plate
  const body = litColor(light, spec.color, spec.distance)
  const foot = mix(scale(body, 0.8), light.haze, spec.distance * 0.6)

  const outline = () => {
    ctx.beginPath()
    ctx.moveTo(x0, spec.bottom + 2)
    profile.forEach((y, i) => ctx.lineTo(x0 + i * step, y))
    ctx.lineTo(x1, spec.bottom + 2)
    ctx.closePath()
  }
  const grad = ctx.createLinearGradient(0, spec.base - spec.amp, 0, spec.bottom)
  grad.addColorStop(0, css(body))
  grad.addColorStop(1, css(foot))
  ctx.fillStyle = grad
  outline()
  ctx.fill()

  ctx.save()
  outline()
  ctx.clip()
  // Slopes facing away from the sun fall into shade, fading towards the foot; distance flattens it.
  const sunSide = light.sunX < 0.5 ? -1 : 1
  const steepness = (i: number) => ((at(i + 5) - at(i - 5)) * sunSide) / (10 * step)
  const shadeColor = mix([20, 24, 44], light.haze, spec.distance * 0.7)
  const shade = ctx.createLinearGradient(0, spec.base - spec.amp, 0, spec.base + 2)
  shade.addColorStop(0, css(shadeColor, 1 - spec.distance * 0.6))
  shade.addColorStop(1, css(shadeColor, 0.1))
  const strength = spec.kind === 'smooth' ? 0.25 : 0.5
  const shadeRuns = () => {
    ctx.fillStyle = shade
    for (let i = 0; i < profile.length; i++) {
      const a = Math.min(1, steepness(i) * 2.5) * strength
      if (a <= 0.01) continue
      ctx.globalAlpha = a
      ctx.fillRect(x0 + i * step, at(i), step, spec.base - at(i) + 2)
    }
    ctx.globalAlpha = 1
  }
  if (spec.snow !== undefined) {
    ctx.fillStyle = css(litColor(light, [240, 244, 252], spec.distance * 0.8))
    ctx.beginPath()
    const line = spec.base - spec.amp * spec.snow
    ctx.moveTo(x0, minY)
    for (let i = 0; i < profile.length; i += 4) {
      ctx.lineTo(x0 + i * step, line + (noise.fractal1(i * 0.05, 3) - 0.5) * spec.amp * 0.5)
    }
    ctx.lineTo(x1, minY)
    ctx.closePath()
    ctx.fill()
  }
  shadeRuns()
  // Rim light along the crest when the sun is low behind the land.
  if (light.sunElevation < 0.25 && light.darkness < 0.8) {
    ctx.strokeStyle = css(light.rim, 0.35 * (1 - spec.distance))
    ctx.lineWidth = Math.max(1, stage.unit / 500)
    ctx.beginPath()
    profile.forEach((y, i) => (i === 0 ? ctx.moveTo(x0, y + 1) : ctx.lineTo(x0 + i * step, y + 1)))
    ctx.stroke()
  }
  ctx.restore()

  if (spec.trees) {
    const t = spec.trees
    ctx.fillStyle = css(mix(scale(body, 0.7), light.haze, spec.distance * 0.5))
    ctx.beginPath()
    const gap = t.size * 0.45
    for (let x = x0; x < x1; x += gap * rng.range(0.5, 1.5)) {
      if (!rng.chance(t.density)) continue
      const ground = at(Math.round((x - x0) / step)) + t.size * 0.12
      const size = t.size * rng.range(0.6, 1.15)
      if (t.kind === 'conifer') conifer(ctx, x, ground, size, rng)
      else broadleaf(ctx, x, ground, size, rng)
    }
    ctx.fill()
  }
  return {
    name: spec.name,
    depth: spec.depth,
    sharp: true,
    profileMax: Math.max(...profile),
    draw: (c) => drawPlate(c, plate),
  }
}
