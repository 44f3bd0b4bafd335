import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'

type Stroke = Array<[number, number]>
interface Glyph {
  advance: number
  strokes: Stroke[]
  /** Ellipses (cx, cy, rx, ry) for round bowls. */
  bowls?: Array<[number, number, number, number]>
}

/**
 * The letters of "AI generated" as strokes on a cap-height-1 grid (baseline at y = 1): drawn with
 * canvas paths, so the mark looks the same on every machine, with or without fonts installed.
 */
const GLYPHS: Record<string, Glyph> = {
  A: {
    advance: 0.72,
    strokes: [
      [
        [0, 1],
        [0.32, 0],
        [0.64, 1],
      ],
      [
        [0.13, 0.62],
        [0.51, 0.62],
      ],
    ],
  },
  I: {
    advance: 0.34,
    strokes: [
      [
        [0.12, 0],
        [0.12, 1],
      ],
    ],
  },
  ' ': { advance: 0.34, strokes: [] },
  g: {
    advance: 0.64,
    strokes: [
      [
        [0.5, 0.47],
        [0.5, 1.12],
        [0.42, 1.28],
        [0.26, 1.32],
        [0.08, 1.24],
      ],
    ],
    bowls: [[0.27, 0.73, 0.22, 0.26]],
  },
  e: {
    advance: 0.62,
    strokes: [
      [
        [0.06, 0.72],
        [0.5, 0.72],
        [0.48, 0.57],
        [0.38, 0.47],
        [0.2, 0.47],
        [0.08, 0.58],
        [0.05, 0.76],
        [0.11, 0.93],
        [0.26, 1],
        [0.47, 0.96],
      ],
    ],
  },
  n: {
    advance: 0.64,
    strokes: [
      [
        [0.07, 0.46],
        [0.07, 1],
      ],
      [
        [0.07, 0.62],
        [0.2, 0.48],
        [0.37, 0.46],
        [0.48, 0.55],
        [0.5, 0.7],
        [0.5, 1],
      ],
    ],
  },
  r: {
    advance: 0.44,
    strokes: [
      [
        [0.07, 0.46],
        [0.07, 1],
      ],
      [
        [0.07, 0.64],
        [0.19, 0.49],
        [0.38, 0.46],
      ],
    ],
  },
  a: {
    advance: 0.64,
    strokes: [
      [
        [0.5, 0.47],
        [0.5, 1],
      ],
    ],
    bowls: [[0.27, 0.74, 0.22, 0.26]],
  },
  t: {
    advance: 0.46,
    strokes: [
      [
        [0.2, 0.2],
        [0.2, 0.9],
        [0.28, 1],
        [0.4, 0.98],
      ],
      [
        [0.04, 0.46],
        [0.4, 0.46],
      ],
    ],
  },
  d: {
    advance: 0.64,
    strokes: [
      [
        [0.5, 0],
        [0.5, 1],
      ],
    ],
    bowls: [[0.27, 0.74, 0.22, 0.26]],
  },
}

function trace(ctx: SKRSContext2D, text: string, size: number): void {
  let x = 0
  for (const ch of text) {
    const g = GLYPHS[ch]
    if (!g) throw new Error(`watermark has no glyph for ${ch}`)
    for (const s of g.strokes) {
      s.forEach(([px, py], i) =>
        i ? ctx.lineTo(x + px * size, py * size) : ctx.moveTo(x + px * size, py * size),
      )
    }
    for (const [cx, cy, rx, ry] of g.bowls ?? []) {
      ctx.moveTo(x + (cx + rx) * size, cy * size)
      ctx.ellipse(x + cx * size, cy * size, rx * size, ry * size, 0, 0, Math.PI * 2)
    }
    x += g.advance * size
  }
}

/** The "AI generated" mark (api.md §2.2 `watermark`) baked once; `x`/`y` place it bottom-right. */
export interface Watermark {
  canvas: Canvas
  x: number
  y: number
}

/** Bakes the mark sized for a frame: white strokes over a soft dark shadow, inset from the corner. */
export function createWatermark(width: number, height: number): Watermark {
  const unit = Math.min(width, height)
  const size = Math.max(10, Math.round(unit * 0.034))
  const text = 'AI generated'
  const advance = [...text].reduce((sum, ch) => sum + (GLYPHS[ch]?.advance ?? 0), 0)
  const pad = Math.ceil(size * 0.4)
  const canvas = createCanvas(Math.ceil(advance * size) + pad * 2, Math.ceil(size * 1.4) + pad * 2)
  const ctx = canvas.getContext('2d')
  ctx.translate(pad, pad)
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  ctx.shadowColor = 'rgba(0,0,0,0.6)'
  ctx.shadowBlur = size * 0.25
  ctx.strokeStyle = 'rgba(255,255,255,0.9)'
  ctx.lineWidth = Math.max(1.2, size * 0.11)
  ctx.beginPath()
  trace(ctx, text, size)
  ctx.stroke()
  const inset = Math.round(unit * 0.03)
  return { canvas, x: width - canvas.width - inset + pad, y: height - canvas.height - inset + pad }
}
