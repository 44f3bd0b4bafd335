import { createCanvas } from '@napi-rs/canvas'
import type { Rgb } from '../color.js'
import { createPlate, type Build, type Layer } from '../layer.js'
import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import { scrolling } from './clouds.js'

/** One band of mist: where it lies, how thick and dense, its colour and drift. */
export interface FogSpec {
  name: string
  depth: number
  /** Stage y of the densest row. */
  y: number
  /** Half height of the band, pixels. */
  thickness: number
  /** Peak opacity. */
  alpha: number
  color: Rgb
  /** Drift in pixels per second. */
  speed: number
}

const BAKE_SCALE = 4

/**
 * A drifting band of mist: height-dependent opacity broken up by fractal noise, baked once wider
 * than the frame and scrolled (draft-engine.md "fog as height-dependent alpha").
 */
export function createFog(b: Build, spec: FogSpec): Layer {
  const { stage } = b
  const top = spec.y - spec.thickness * 1.5
  const bottom = spec.y + spec.thickness * 1.5
  const plate = createPlate(b, spec.depth, { top, bottom })
  const pw = plate.canvas.width
  const ph = plate.canvas.height
  const sw = Math.ceil(pw / BAKE_SCALE)
  const sh = Math.ceil(ph / BAKE_SCALE)
  const cells = Math.max(2, Math.round(pw / (stage.unit * 0.45)))
  const noise = createNoise(createRng(b.seed, `fog-${spec.name}`))
  const small = createCanvas(sw, sh)
  const sctx = small.getContext('2d')
  const img = sctx.createImageData(sw, sh)
  const data = img.data
  for (let y = 0; y < sh; y++) {
    const stageY = plate.y + y * BAKE_SCALE
    const d = (stageY - spec.y) / spec.thickness
    const profile = Math.exp(-d * d * 1.2)
    for (let x = 0; x < sw; x++) {
      const n = noise.fractal2((x / sw) * cells, (y / sh) * 2.5, 4, cells)
      const a = spec.alpha * profile * Math.min(1, Math.max(0, 0.25 + n * 1.1))
      const o = (y * sw + x) * 4
      data[o] = spec.color[0]
      data[o + 1] = spec.color[1]
      data[o + 2] = spec.color[2]
      data[o + 3] = a * 255
    }
  }
  sctx.putImageData(img, 0, 0)
  plate.ctx.setTransform(1, 0, 0, 1, 0, 0)
  plate.ctx.imageSmoothingQuality = 'high'
  plate.ctx.drawImage(small, 0, 0, sw * BAKE_SCALE, sh * BAKE_SCALE)
  return scrolling(spec.name, spec.depth, plate, spec.speed)
}
