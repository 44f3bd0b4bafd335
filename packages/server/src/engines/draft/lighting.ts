import { mix, multiply, scale, type Rgb } from './color.js'
import type { Rng } from './prng.js'
import type { Scene, TimeOfDay } from './scene.js'
import { createTone, type Tone } from './tone.js'

/**
 * The light of the scene: sky stops, sun or moon, the light on the land, water and clouds, and how
 * lit the windows are. Every colour is already graded by the palette's Tone.
 */
export interface Lighting {
  zenith: Rgb
  upper: Rgb
  horizon: Rgb
  /** What far things fade into (atmospheric perspective). */
  haze: Rgb
  sunColor: Rgb
  /** Sun or moon height above the horizon as a fraction of the sky (negative: below it). */
  sunElevation: number
  /** Sun or moon position across the frame, 0..1. */
  sunX: number
  /** The disc is drawn (false under overcast skies). */
  sunVisible: boolean
  moon: boolean
  /** Light falling on land and buildings, multiplied into their colours. */
  ambient: Rgb
  /** Light catching edges that face the sun. */
  rim: Rgb
  cloudLit: Rgb
  cloudShade: Rgb
  water: Rgb
  /** 0..1: star field strength. */
  stars: number
  /** 0..1: share of windows, lamps and headlights that are on. */
  lights: number
  /** 0 bright day .. 1 deep night. */
  darkness: number
  tone: Tone
}

interface Raw {
  zenith: Rgb
  upper: Rgb
  horizon: Rgb
  sun: Rgb
  elevation: number
  ambient: Rgb
  cloudLit: Rgb
  cloudShade: Rgb
  water: Rgb
  stars: number
  lights: number
  darkness: number
}

const TABLE: Record<TimeOfDay, Raw> = {
  dawn: {
    zenith: [44, 62, 118],
    upper: [150, 128, 170],
    horizon: [255, 184, 150],
    sun: [255, 210, 170],
    elevation: 0.06,
    ambient: [170, 150, 170],
    cloudLit: [255, 190, 180],
    cloudShade: [110, 100, 140],
    water: [50, 60, 100],
    stars: 0.2,
    lights: 0.4,
    darkness: 0.35,
  },
  morning: {
    zenith: [82, 144, 218],
    upper: [140, 186, 232],
    horizon: [214, 230, 240],
    sun: [255, 246, 222],
    elevation: 0.35,
    ambient: [235, 235, 230],
    cloudLit: [255, 255, 250],
    cloudShade: [170, 182, 205],
    water: [40, 90, 130],
    stars: 0,
    lights: 0,
    darkness: 0,
  },
  noon: {
    zenith: [38, 108, 204],
    upper: [96, 160, 228],
    horizon: [184, 214, 238],
    sun: [255, 252, 240],
    elevation: 0.85,
    ambient: [255, 252, 245],
    cloudLit: [255, 255, 255],
    cloudShade: [182, 192, 210],
    water: [30, 92, 140],
    stars: 0,
    lights: 0,
    darkness: 0,
  },
  golden: {
    zenith: [70, 112, 176],
    upper: [170, 170, 170],
    horizon: [255, 200, 120],
    sun: [255, 214, 140],
    elevation: 0.16,
    ambient: [255, 214, 160],
    cloudLit: [255, 222, 170],
    cloudShade: [150, 130, 140],
    water: [50, 70, 100],
    stars: 0,
    lights: 0.1,
    darkness: 0.1,
  },
  sunset: {
    zenith: [38, 44, 104],
    upper: [196, 92, 110],
    horizon: [255, 152, 62],
    sun: [255, 190, 90],
    elevation: 0.035,
    ambient: [210, 130, 110],
    cloudLit: [255, 150, 96],
    cloudShade: [96, 62, 100],
    water: [48, 40, 76],
    stars: 0.05,
    lights: 0.5,
    darkness: 0.4,
  },
  dusk: {
    zenith: [16, 22, 62],
    upper: [70, 62, 124],
    horizon: [214, 120, 110],
    sun: [255, 150, 110],
    elevation: -0.05,
    ambient: [110, 100, 150],
    cloudLit: [190, 110, 130],
    cloudShade: [50, 46, 84],
    water: [24, 28, 58],
    stars: 0.5,
    lights: 0.85,
    darkness: 0.7,
  },
  night: {
    zenith: [4, 7, 20],
    upper: [12, 20, 44],
    horizon: [30, 40, 72],
    sun: [225, 232, 255],
    elevation: 0.42,
    ambient: [62, 74, 110],
    cloudLit: [80, 90, 120],
    cloudShade: [20, 24, 40],
    water: [8, 14, 30],
    stars: 1,
    lights: 1,
    darkness: 1,
  },
}

/** How much an overcast of each weather greys the sky, and to which grey. */
const OVERCAST: Partial<Record<Scene['weather'], { amount: number; grey: Rgb }>> = {
  clouds: { amount: 0.3, grey: [150, 156, 166] },
  rain: { amount: 0.65, grey: [96, 104, 116] },
  storm: { amount: 0.78, grey: [62, 66, 80] },
  snow: { amount: 0.6, grey: [196, 200, 210] },
  fog: { amount: 0.55, grey: [190, 192, 196] },
}

/** Lighting for the scene's time of day, weather and palette. */
export function createLighting(scene: Scene, rng: Rng): Lighting {
  const raw = TABLE[scene.time]
  const tone = createTone(scene.palette, scene.mood)
  const over = OVERCAST[scene.weather]
  const amount = over?.amount ?? 0
  // Overcast light keeps the hue of the hour but takes the brightness of the clouds.
  const brightness = 1 - raw.darkness * 0.85
  const grey = over ? scale(over.grey, brightness) : ([0, 0, 0] as Rgb)
  const veil = (c: Rgb) => (over ? mix(c, grey, amount) : c)
  // City lights glow on the underside of the night sky.
  const glow = scene.setting === 'city' ? raw.darkness * 0.45 : 0
  const horizon = mix(veil(raw.horizon), [150, 96, 130], glow)
  const sunX = scene.subjects.includes('lighthouse') ? rng.range(0.58, 0.74) : rng.range(0.25, 0.75)
  return {
    zenith: tone(veil(raw.zenith)),
    upper: tone(veil(raw.upper)),
    horizon: tone(horizon),
    haze: tone(mix(horizon, raw.upper, 0.25)),
    sunColor: tone(raw.sun),
    sunElevation: raw.elevation,
    sunX,
    sunVisible: amount < 0.5,
    moon: scene.time === 'night',
    ambient: tone(veil(raw.ambient)),
    rim: tone(mix(raw.sun, raw.ambient, 0.3)),
    cloudLit: tone(veil(raw.cloudLit)),
    cloudShade: tone(veil(raw.cloudShade)),
    water: tone(veil(raw.water)),
    stars: raw.stars * (1 - amount),
    lights: raw.lights,
    darkness: raw.darkness,
    tone,
  }
}

/** A surface colour lit by the scene and faded towards the haze with distance (0 near .. 1 far). */
export const litColor = (light: Lighting, base: Rgb, distance: number): Rgb =>
  mix(multiply(light.tone(base), light.ambient), light.haze, Math.min(1, Math.max(0, distance)))
