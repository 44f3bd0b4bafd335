import { describe, expect, it } from 'vitest'
import { createFrameRenderer } from './compositor.js'
import { parseScene } from './scene.js'

const W = 480
const H = 270

/** Renders one frame of a prompt (no encoder) and returns its RGBA pixels and horizon row. */
function frame(prompt: string, index = 30, seed = 5) {
  const renderer = createFrameRenderer({
    scene: parseScene(prompt, seed),
    width: W,
    height: H,
    fps: 24,
    duration: 4,
    seed,
  })
  return { pixels: renderer.render(index).data(), horizon: renderer.stage.horizon }
}

/** Mean of f(r, g, b) over rows y0..y1. */
function mean(
  pixels: Buffer,
  y0: number,
  y1: number,
  f: (r: number, g: number, b: number) => number,
): number {
  let sum = 0
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4
      sum += f(pixels[o]!, pixels[o + 1]!, pixels[o + 2]!)
    }
  }
  return sum / ((y1 - y0) * W)
}

const luma = (p: Buffer, x: number, y: number) => {
  const o = (y * W + x) * 4
  return 0.3 * p[o]! + 0.59 * p[o + 1]! + 0.11 * p[o + 2]!
}

/**
 * Pixels of thin bright vertical streaks in rows y0..y1: brighter than both neighbours two columns
 * away, for at least four rows in a row. Grain and soft clouds do not qualify; rain does.
 */
function streakPixels(p: Buffer, y0: number, y1: number): number {
  let count = 0
  for (let x = 2; x < W - 2; x++) {
    let run = 0
    for (let y = y0; y < y1; y++) {
      const ridge = luma(p, x, y) - (luma(p, x - 2, y) + luma(p, x + 2, y)) / 2
      run = ridge > 12 ? run + 1 : 0
      if (run >= 4) count++
    }
  }
  return count
}

describe('the compositor', () => {
  it('paints a sunset sky warm and a night sky dark and cool', () => {
    const sunset = frame('an empty meadow at sunset')
    const night = frame('an empty meadow at night')
    const warmth = (f: ReturnType<typeof frame>) =>
      mean(f.pixels, 0, Math.round(f.horizon * 0.9), (r, _g, b) => r - b)
    const brightness = (f: ReturnType<typeof frame>) =>
      mean(f.pixels, 0, Math.round(f.horizon * 0.9), (r, g, b) => r + g + b)
    expect(warmth(sunset)).toBeGreaterThan(30)
    expect(warmth(night)).toBeLessThan(0)
    expect(brightness(sunset)).toBeGreaterThan(brightness(night) * 3)
  })

  it('draws rain as streaks: thin bright vertical runs that a clear sky does not have', () => {
    const clear = frame('a meadow at noon under a clear sky')
    const rain = frame('a meadow at noon in heavy rain')
    const sky = (f: ReturnType<typeof frame>) =>
      streakPixels(f.pixels, 0, Math.round(f.horizon * 0.9))
    expect(sky(rain)).toBeGreaterThan(100)
    expect(sky(rain)).toBeGreaterThan(sky(clear) * 10)
  })

  it('lights a night street with windows and neon: bright saturated pixels in a dark frame', () => {
    const { pixels } = frame('a rainy neon city street at night')
    const dark = mean(pixels, 0, H, (r, g, b) => (r + g + b < 150 ? 1 : 0))
    const lit = mean(pixels, 0, H, (r, g, b) => (Math.max(r, g, b) > 200 ? 1 : 0))
    expect(dark).toBeGreaterThan(0.4)
    expect(lit).toBeGreaterThan(0.01)
  })

  it('renders the same frame for the same seed and a different one for another seed', () => {
    const a = frame('a lighthouse on a cliff at sunset', 10, 1)
    const b = frame('a lighthouse on a cliff at sunset', 10, 1)
    const c = frame('a lighthouse on a cliff at sunset', 10, 2)
    expect(a.pixels.equals(b.pixels)).toBe(true)
    expect(a.pixels.equals(c.pixels)).toBe(false)
  })
})
