import { css, scale, type Rgb } from '../color.js'
import { createPlate, drawPlate, type Build, type Layer } from '../layer.js'
import { litColor } from '../lighting.js'
import type { Setting } from '../scene.js'

/** Where side-view subjects stand: a strip of path, road or shore drawn across the foreground. */
export interface Ground {
  /** Stage y of the strip's middle line. */
  y: number
  /** Half height of the strip, pixels. */
  half: number
  depth: number
  layer?: Layer
}

const SURFACE: Record<Setting, Rgb> = {
  beach: [214, 190, 146],
  ocean: [200, 180, 140],
  lake: [110, 120, 70],
  mountains: [128, 110, 84],
  forest: [112, 92, 66],
  desert: [220, 178, 120],
  city: [96, 96, 102],
  countryside: [136, 116, 82],
  space: [90, 90, 96],
  snowfield: [236, 240, 248],
  interior: [120, 100, 80],
}

/**
 * A strip across the frame at a fraction of the way from horizon to bottom: a dirt path, a road
 * (`asphalt`), or nothing on a beach, where the sand already is.
 */
export function createGround(b: Build, at: number, depth: number, asphalt = false): Ground {
  const { stage, light, scene } = b
  const y = stage.horizon + (stage.height - stage.horizon) * at
  const half = (stage.height - stage.horizon) * (asphalt ? 0.07 : 0.05)
  if (scene.setting === 'beach' && !asphalt) return { y, half, depth }
  const plate = createPlate(b, depth, { top: y - half - 2, bottom: y + half + 2 })
  const surface = litColor(light, asphalt ? [60, 62, 68] : SURFACE[scene.setting], 0)
  const { ctx } = plate
  ctx.fillStyle = css(surface)
  ctx.fillRect(plate.x, y - half, plate.canvas.width, half * 2)
  ctx.fillStyle = css(scale(surface, 0.75))
  ctx.fillRect(plate.x, y + half * 0.7, plate.canvas.width, half * 0.3)
  if (asphalt) {
    ctx.fillStyle = css(litColor(light, [220, 214, 190], 0), 0.8)
    for (let x = plate.x; x < plate.x + plate.canvas.width; x += stage.unit * 0.12) {
      ctx.fillRect(x, y - half * 0.04, stage.unit * 0.06, Math.max(1, half * 0.08))
    }
  }
  return {
    y,
    half,
    depth,
    layer: {
      name: asphalt ? 'road' : 'path',
      depth,
      sharp: true,
      draw: (c) => drawPlate(c, plate),
    },
  }
}
