import { createCanvas, type Canvas } from '@napi-rs/canvas'

/** A caption card, drawn once and composited onto every frame at (x, y). */
export interface Caption {
  canvas: Canvas
  x: number
  y: number
}

/**
 * A lower-third caption (a web search headline, spec §2.7): white sans-serif text on a dark
 * translucent band at the bottom left, clear of the watermark's corner, shortened with an ellipsis
 * to fit 75 % of the width. Text needs a system font; where none is installed only the band shows.
 */
export function createCaption(text: string, width: number, height: number): Caption {
  const fontSize = Math.max(12, Math.round(height * 0.034))
  const pad = Math.round(fontSize * 0.5)
  const maxWidth = Math.round(width * 0.75)
  const measure = createCanvas(1, 1).getContext('2d')
  measure.font = `600 ${fontSize}px sans-serif`
  let shown = text
  while (shown.length > 1 && measure.measureText(shown).width > maxWidth - 2 * pad) {
    shown = `${shown.slice(0, -2).trimEnd()}…`
  }
  const boxWidth = Math.min(maxWidth, Math.ceil(measure.measureText(shown).width) + 2 * pad)
  const boxHeight = Math.round(fontSize * 1.6)
  const canvas = createCanvas(boxWidth, boxHeight)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)'
  ctx.fillRect(0, 0, boxWidth, boxHeight)
  ctx.font = measure.font
  ctx.fillStyle = '#ffffff'
  ctx.textBaseline = 'middle'
  ctx.fillText(shown, pad, boxHeight / 2)
  return {
    canvas,
    x: Math.round(width * 0.05),
    y: height - boxHeight - Math.round(height * 0.1),
  }
}
