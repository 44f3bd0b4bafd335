import type { Scene, Setting } from './scene.js'

/** The frame being rendered: its pixel size, timing and where the horizon sits. */
export interface Stage {
  width: number
  height: number
  fps: number
  /** Total frames: fps × duration, exactly (api.md §2.6). */
  frames: number
  duration: number
  /** Horizon height in pixels from the top. */
  horizon: number
  /** min(width, height): object sizes scale with it so portrait and landscape frames both fit. */
  unit: number
}

const HORIZON: Record<Setting, number> = {
  beach: 0.54,
  ocean: 0.56,
  mountains: 0.66,
  forest: 0.64,
  desert: 0.62,
  city: 0.66,
  countryside: 0.6,
  lake: 0.6,
  space: 0.72,
  snowfield: 0.62,
  interior: 0.6,
}

/** Lays out the frame for a scene; streets put the vanishing point near the middle. */
export function createStage(
  scene: Scene,
  size: { width: number; height: number; fps: number; duration: number },
): Stage {
  const street = scene.setting === 'city' && scene.features.includes('street')
  const fraction = street ? (size.height > size.width ? 0.5 : 0.56) : HORIZON[scene.setting]
  return {
    ...size,
    frames: Math.round(size.fps * size.duration),
    horizon: Math.round(size.height * fraction),
    unit: Math.min(size.width, size.height),
  }
}
