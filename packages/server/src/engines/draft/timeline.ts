import { createRng } from './prng.js'
import type { Scene } from './scene.js'

/** A car crossing the frame: the picture draws it, the sound pans its engine past. */
export interface CarPass {
  /** Seconds at which it enters the frame. */
  enter: number
  /** Seconds it takes to cross. */
  crossing: number
  /** +1 left to right, -1 right to left. */
  dir: 1 | -1
  /** 0 far lane .. 1 near lane. */
  lane: number
  hue: number
}

/**
 * Timed events planned before anything is drawn, so picture and sound agree (draft-engine.md
 * "Sound": effects timed to visual events): lightning flashes, the sea swell and passing cars.
 */
export interface Timeline {
  duration: number
  /** Seconds of each lightning flash. */
  lightning: Array<{ t: number; x: number; seed: number }>
  /** Sea swell in 0..1 at time t; surf foam peaks and waves crash at its maxima. */
  swell(t: number): number
  cars: CarPass[]
}

/** Plans the clip's events from the scene and seed. */
export function planTimeline(scene: Scene, duration: number, seed: number): Timeline {
  const rng = createRng(seed, 'timeline')
  const lightning: Timeline['lightning'] = []
  if (scene.weather === 'storm') {
    for (let t = rng.range(0.5, 1.5); t < duration - 0.3; t += rng.range(1.8, 3.6)) {
      lightning.push({ t, x: rng.range(0.15, 0.85), seed: rng.int(0, 1 << 30) })
    }
  }
  const period = rng.range(6.5, 9)
  const phase = rng.range(0, Math.PI * 2)
  const swell = (t: number) => {
    const s = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / period + phase)
    return s * s * (3 - 2 * s)
  }
  const cars: CarPass[] = []
  if (scene.subjects.includes('car')) {
    const gap = scene.tempo === 'fast' ? 0.9 : scene.tempo === 'slow' ? 2.2 : 1.4
    for (let t = -rng.range(0.5, 2.5); t < duration; t += gap * rng.range(0.6, 1.4)) {
      cars.push({
        enter: t,
        crossing: rng.range(2.2, 4.2) / (scene.tempo === 'fast' ? 1.5 : 1),
        dir: rng.chance(0.5) ? 1 : -1,
        lane: rng.next(),
        hue: rng.next(),
      })
    }
  }
  return { duration, lightning, swell, cars }
}
