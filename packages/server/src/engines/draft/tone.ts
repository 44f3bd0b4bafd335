import { luma, mix, type Rgb } from './color.js'
import type { Mood, Palette } from './scene.js'

/** Maps every colour the renderer paints; applied while baking, so grading costs nothing per frame. */
export type Tone = (c: Rgb) => Rgb

interface Grade {
  saturation: number
  /** Multiplied per channel (white balance and gain). */
  gain: Rgb
  /** Added in the shadows, fading out towards white. */
  lift: Rgb
  contrast: number
}

const GRADES: Record<Palette, Grade> = {
  natural: { saturation: 1, gain: [1, 1, 1], lift: [0, 0, 0], contrast: 1 },
  neon: { saturation: 1.35, gain: [1.04, 0.94, 1.1], lift: [18, 0, 28], contrast: 1.12 },
  pastel: { saturation: 0.55, gain: [1.02, 1, 1.03], lift: [52, 44, 58], contrast: 0.85 },
  golden: { saturation: 1.1, gain: [1.1, 1.0, 0.78], lift: [14, 8, 0], contrast: 1.05 },
  monochrome: { saturation: 0, gain: [1.02, 1, 0.97], lift: [4, 4, 4], contrast: 1.15 },
  warm: { saturation: 1.05, gain: [1.08, 1.0, 0.88], lift: [8, 4, 0], contrast: 1 },
  cold: { saturation: 0.9, gain: [0.88, 0.98, 1.12], lift: [0, 4, 12], contrast: 1.03 },
}

/** Mood leans on the palette: tense scenes darker and harder, dreamy ones softer. */
const MOOD_SHIFT: Record<Mood, { saturation: number; contrast: number; gain: number }> = {
  calm: { saturation: 0.95, contrast: 0.97, gain: 1 },
  joyful: { saturation: 1.1, contrast: 1, gain: 1.04 },
  tense: { saturation: 0.85, contrast: 1.12, gain: 0.9 },
  melancholic: { saturation: 0.8, contrast: 0.96, gain: 0.95 },
  epic: { saturation: 1.05, contrast: 1.1, gain: 1 },
  mysterious: { saturation: 0.9, contrast: 1.05, gain: 0.94 },
}

/** The colour grade for a palette word and mood (draft-engine.md "Colour"). */
export function createTone(palette: Palette, mood: Mood): Tone {
  const g = GRADES[palette]
  const m = MOOD_SHIFT[mood]
  const saturation = g.saturation * m.saturation
  const contrast = g.contrast * m.contrast
  return (c) => {
    const y = luma(c)
    let out = mix([y, y, y], c, saturation)
    out = [out[0] * g.gain[0] * m.gain, out[1] * g.gain[1] * m.gain, out[2] * g.gain[2] * m.gain]
    const shadow = 1 - Math.min(1, y / 255)
    out = [out[0] + g.lift[0] * shadow, out[1] + g.lift[1] * shadow, out[2] + g.lift[2] * shadow]
    return [
      128 + (out[0] - 128) * contrast,
      128 + (out[1] - 128) * contrast,
      128 + (out[2] - 128) * contrast,
    ]
  }
}
