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

/** A train crossing the middle distance: its head enters at `enter`, its tail leaves `crossing` s later. */
export interface TrainPass {
  enter: number
  crossing: number
  dir: 1 | -1
}

/**
 * Timed events planned before anything is drawn, so picture and sound agree (draft-engine.md
 * "Sound": effects timed to visual events): lightning flashes, the sea swell, passing cars and
 * trains, and the footfalls of people walking.
 */
export interface Timeline {
  duration: number
  /** Seconds of each lightning flash. */
  lightning: Array<{ t: number; x: number; seed: number }>
  /** Sea swell in 0..1 at time t; surf foam peaks and waves crash at its maxima. */
  swell(t: number): number
  cars: CarPass[]
  train?: TrainPass
  /** Seconds of one walk cycle (two steps) of the figures walking across the frame. */
  stride: number
  /** Seconds of each footfall of those figures, when the picture shows them in side view. */
  steps: number[]
}

/** Walk cycles by tempo: a natural 1.9 steps a second, brisker or more leisurely. */
const STRIDE = { slow: 1.44, medium: 1.05, fast: 0.72 } as const

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
  // Walkers cross the foreground in side view, except down a city street (far, in perspective)
  // and indoors (seen through the window).
  const walking = ['person', 'couple', 'crowd', 'animal'].some((s) =>
    scene.subjects.includes(s as Scene['subjects'][number]),
  )
  const street = scene.setting === 'city' && scene.features.includes('street')
  const stride = STRIDE[scene.tempo]
  const steps: number[] = []
  if (walking && !street && scene.setting !== 'interior') {
    // A foot lands where the legs are furthest apart: a quarter and three quarters of a cycle.
    for (let t = stride / 4; t < duration; t += stride / 2) steps.push(t)
  }
  // The train is drawn on land only (stack.ts): not by the water, in space or down a street.
  const land = !['beach', 'ocean', 'lake', 'space'].includes(scene.setting) && !street
  const train: TrainPass | undefined =
    scene.subjects.includes('train') && land
      ? { enter: duration * 0.06, crossing: duration * 0.9, dir: rng.chance(0.5) ? 1 : -1 }
      : undefined
  return { duration, lightning, swell, cars, ...(train ? { train } : {}), stride, steps }
}
