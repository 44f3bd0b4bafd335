/** An sRGB colour as three 0..255 channels; the draft engine's one colour type. */
export type Rgb = readonly [number, number, number]

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v)

/** Linear blend from `a` (t = 0) to `b` (t = 1). */
export const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
]

/** Each channel multiplied by `k` (k < 1 darkens). */
export const scale = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k]

/** Per-channel product, for lighting a surface colour by a light colour (255 = white light). */
export const multiply = (c: Rgb, light: Rgb): Rgb => [
  (c[0] * light[0]) / 255,
  (c[1] * light[1]) / 255,
  (c[2] * light[2]) / 255,
]

/** Rec. 709 luma in 0..255. */
export const luma = (c: Rgb): number => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

/** A CSS colour string for canvas fills, clamped and rounded so strings are stable. */
export const css = (c: Rgb, alpha = 1): string =>
  `rgba(${Math.round(clamp(c[0]))},${Math.round(clamp(c[1]))},${Math.round(clamp(c[2]))},${Math.round(alpha * 1000) / 1000})`
