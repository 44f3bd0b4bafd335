import { createCanvas } from '@napi-rs/canvas'
import { mix, type Rgb } from '../color.js'
import { createPlate, type Build, type Layer, type Plate } from '../layer.js'
import { createNoise } from '../noise.js'
import { createRng } from '../prng.js'
import type { Weather } from '../scene.js'

const COVERAGE: Record<Weather, number> = {
  clear: 0.12,
  clouds: 0.55,
  fog: 0.35,
  rain: 0.85,
  storm: 0.92,
  snow: 0.75,
  wind: 0.32,
}

/** Noise is baked at this fraction of the frame and upscaled once: clouds are soft anyway. */
const BAKE_SCALE = 4

interface Deck {
  depth: number
  /** Feature size in pixels at the base octave. */
  cell: number
  /** Scroll speed in pixels per second. */
  speed: number
  alpha: number
}

/**
 * Cloud decks: fractal noise baked once into a plate wider than the frame that tiles horizontally,
 * then scrolled with the wind (draft-engine.md "Clouds and fog"). Lit from above by day and from
 * below when the sun is low.
 */
export function createCloudLayers(b: Build): Layer[] {
  const { stage, scene } = b
  const coverage = COVERAGE[scene.weather] + (scene.setting === 'space' ? -1 : 0)
  if (coverage <= 0) return []
  const rng = createRng(b.seed, 'clouds')
  const wind =
    (scene.weather === 'wind' || scene.weather === 'storm' ? 3 : 1) * (rng.chance(0.5) ? 1 : -1)
  const u = stage.unit
  const decks: Deck[] = [{ depth: 0.04, cell: u * 0.5, speed: u * 0.012 * wind, alpha: 0.9 }]
  if (coverage > 0.25)
    decks.push({ depth: 0.1, cell: u * 0.85, speed: u * 0.03 * wind, alpha: 0.75 })
  return decks.map((deck, i) =>
    bakeDeck(b, deck, coverage * (i === 0 ? 1 : 0.8), rng.int(0, 1 << 30), i),
  )
}

function bakeDeck(b: Build, deck: Deck, coverage: number, seed: number, index: number): Layer {
  const { stage, light } = b
  const horizon = stage.horizon
  const plate = createPlate(b, deck.depth, { bottom: horizon + 2 })
  const pw = plate.canvas.width
  const ph = plate.canvas.height
  const cells = Math.max(2, Math.round(pw / deck.cell))
  const sw = Math.ceil(pw / BAKE_SCALE)
  const sh = Math.ceil(ph / BAKE_SCALE)
  const noise = createNoise(createRng(seed, 'deck'))
  const small = createCanvas(sw, sh)
  const sctx = small.getContext('2d')
  const img = sctx.createImageData(sw, sh)
  const data = img.data
  const lowSun = light.sunElevation < 0.2
  const sunX = (light.sunX * stage.width - plate.x) / BAKE_SCALE
  const threshold = 1 - coverage
  for (let y = 0; y < sh; y++) {
    const stageY = plate.y + y * BAKE_SCALE
    // Distance above the horizon, squashed so clouds flatten and thin out towards it.
    const above = Math.max(0, horizon - stageY) / horizon
    const v = Math.pow(above, 0.6) * (ph / deck.cell) * 1.4 + index * 7
    const fade = Math.min(1, above * 4) * (index === 0 ? 1 : Math.min(1, above * 2.2))
    for (let x = 0; x < sw; x++) {
      const uu = (x / sw) * cells
      const d = noise.fractal2(uu, v, 5, cells)
      const a = smooth(threshold - 0.08, threshold + 0.22, d) * fade * deck.alpha
      const o = (y * sw + x) * 4
      if (a <= 0.002) {
        data[o + 3] = 0
        continue
      }
      const above2 = noise.fractal2(uu, v - 0.18, 3, cells)
      const below = noise.fractal2(uu, v + 0.18, 3, cells)
      let lit = 0.55 + (lowSun ? 2.6 : -2.6) * (above2 - below)
      lit = Math.min(1, Math.max(0, lit - (d - threshold) * 0.8))
      const near = Math.max(0, 1 - Math.abs(x - sunX) / (sw * 0.35))
      const c = mix(light.cloudShade, light.cloudLit, Math.min(1, lit + near * 0.35))
      writePixel(data, o, c, a)
    }
  }
  sctx.putImageData(img, 0, 0)
  plate.ctx.save()
  plate.ctx.setTransform(1, 0, 0, 1, 0, 0)
  plate.ctx.imageSmoothingQuality = 'high'
  plate.ctx.drawImage(small, 0, 0, sw * BAKE_SCALE, sh * BAKE_SCALE)
  plate.ctx.restore()
  return scrolling(`clouds-${index}`, deck.depth, plate, deck.speed)
}

/** A plate that tiles horizontally, drawn twice where the scroll wraps. */
export function scrolling(name: string, depth: number, plate: Plate, speed: number): Layer {
  const pw = plate.canvas.width
  return {
    name,
    depth,
    sharp: false,
    draw: (ctx, f) => {
      const shift = Math.round((((f.t * speed) % pw) + pw) % pw)
      ctx.drawImage(plate.canvas, plate.x + shift, plate.y)
      ctx.drawImage(plate.canvas, plate.x + shift - pw, plate.y)
    },
  }
}

const smooth = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)))
  return t * t * (3 - 2 * t)
}

/** ImageData takes straight (not premultiplied) alpha. */
function writePixel(data: Uint8ClampedArray, o: number, c: Rgb, a: number): void {
  data[o] = c[0]
  data[o + 1] = c[1]
  data[o + 2] = c[2]
  data[o + 3] = a * 255
}
