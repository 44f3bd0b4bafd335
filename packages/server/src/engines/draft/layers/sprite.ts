import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'

/** A small baked picture with its anchor (the point that sits on the ground or the water). */
export interface Sprite {
  canvas: Canvas
  ax: number
  ay: number
}

/** Bakes a sprite of `w`×`h` pixels; `paint` draws with the anchor at the origin. */
export function bakeSprite(
  w: number,
  h: number,
  ax: number,
  ay: number,
  paint: (ctx: SKRSContext2D) => void,
): Sprite {
  const canvas = createCanvas(Math.max(1, Math.ceil(w)), Math.max(1, Math.ceil(h)))
  const ctx = canvas.getContext('2d')
  ctx.translate(ax, ay)
  paint(ctx)
  return { canvas, ax, ay }
}

/** Draws a sprite with its anchor at (x, y), tilted by `angle` radians about the anchor. */
export function drawSprite(ctx: SKRSContext2D, s: Sprite, x: number, y: number, angle = 0): void {
  if (angle === 0) {
    ctx.drawImage(s.canvas, x - s.ax, y - s.ay)
    return
  }
  ctx.save()
  ctx.translate(x, y)
  ctx.rotate(angle)
  ctx.drawImage(s.canvas, -s.ax, -s.ay)
  ctx.restore()
}
