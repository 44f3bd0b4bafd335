import { createCanvas, type Canvas } from '@napi-rs/canvas'
import type { Layer } from './layer.js'
import { createRng } from './prng.js'
import type { Mood } from './scene.js'
import type { Stage } from './stage.js'

const VARIANTS = 4
/** Grain tile size in pixels before the 2× scale. */
const TILE = 160

const VIGNETTE: Record<Mood, number> = {
  calm: 0.32,
  joyful: 0.22,
  tense: 0.55,
  melancholic: 0.42,
  epic: 0.38,
  mysterious: 0.5,
}

/**
 * The finishing pass: vignette and light film grain baked together into a few full-frame overlays,
 * one of which is blended per frame (draft-engine.md "Colour": vignette, light seeded grain). The
 * colour grade itself was applied while baking every layer (tone.ts).
 */
export function createGradeLayer(stage: Stage, mood: Mood, seed: number): Layer {
  const { width: w, height: h } = stage
  const rng = createRng(seed, 'grain')
  const overlays: Canvas[] = []
  for (let v = 0; v < VARIANTS; v++) {
    // A seeded grain tile, repeated across the frame at twice its pixel size (grain a little
    // softer than a pixel, like film); a tile this size never shows as a pattern under motion.
    const tile = createCanvas(TILE, TILE)
    const tctx = tile.getContext('2d')
    const img = tctx.createImageData(TILE, TILE)
    const data = img.data
    for (let o = 0; o < data.length; o += 4) {
      const n = rng.next() + rng.next() - 1
      const level = n > 0 ? 255 : 0
      data[o] = level
      data[o + 1] = level
      data[o + 2] = level
      data[o + 3] = Math.abs(n) * 12
    }
    tctx.putImageData(img, 0, 0)
    const overlay = createCanvas(w, h)
    const ctx = overlay.getContext('2d')
    const pattern = ctx.createPattern(tile, 'repeat')
    if (!pattern) throw new Error('canvas could not make a grain pattern')
    ctx.scale(2, 2)
    ctx.fillStyle = pattern
    ctx.fillRect(0, 0, w / 2, h / 2)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    const r = Math.hypot(w, h) / 2
    const vignette = ctx.createRadialGradient(w / 2, h / 2, r * 0.45, w / 2, h / 2, r * 1.05)
    vignette.addColorStop(0, 'rgba(0,0,0,0)')
    vignette.addColorStop(1, `rgba(0,0,0,${VIGNETTE[mood]})`)
    ctx.fillStyle = vignette
    ctx.fillRect(0, 0, w, h)
    overlays.push(overlay)
  }
  const order = Array.from({ length: 24 }, () => rng.int(0, VARIANTS - 1))
  return {
    name: 'grade',
    depth: 'screen',
    sharp: false,
    draw: (ctx, f) => ctx.drawImage(overlays[order[f.index % order.length]!]!, 0, 0),
  }
}
