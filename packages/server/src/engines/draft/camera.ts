import type { Rng } from './prng.js'
import type { Scene } from './scene.js'
import type { Stage } from './stage.js'

/**
 * Where the camera is at one instant. `turn*` rotates the view (every layer shifts alike),
 * `truck*` moves it (layers shift by their depth: parallax), `zoom` dollies in (near layers grow
 * more). `pivot` is the depth that stays put while trucking: 0 normally, mid-depth for an orbit.
 */
export interface Pose {
  turnX: number
  turnY: number
  truckX: number
  truckY: number
  zoom: number
  pivot: number
}

/** The camera move over the clip and the affine transform it gives each depth. */
export interface Camera {
  pose(t: number): Pose
  /** Canvas transform (a, b, c, d, e, f) for a layer at `depth` (0 = infinitely far .. 1 = near). */
  matrix(pose: Pose, depth: number): [number, number, number, number, number, number]
  /** Extra stage pixels a layer at `depth` needs on each side so moves never show its edge. */
  margin(depth: number): { x: number; y: number }
}

const TEMPO_SCALE = { slow: 0.7, medium: 1, fast: 1.5 } as const

const ease = (u: number): number => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, u)))

/** Sum of three slow seeded sines: hand-held drift that never repeats within a clip. */
function shaker(rng: Rng, amplitude: number): (t: number) => number {
  const parts = [0, 1, 2].map((i) => ({
    freq: rng.range(0.25, 0.6) * (i + 1),
    phase: rng.range(0, Math.PI * 2),
    amp: amplitude / (i + 1.4),
  }))
  return (t) =>
    parts.reduce((sum, p) => sum + p.amp * Math.sin(2 * Math.PI * p.freq * t + p.phase), 0)
}

/** The scene's camera move, eased over the whole clip (draft-engine.md "Camera"). */
export function createCamera(scene: Scene, stage: Stage, rng: Rng): Camera {
  const { width: w, height: h, duration } = stage
  const k = TEMPO_SCALE[scene.tempo] * Math.min(1.6, Math.sqrt(duration / 5))
  const shakeAmp = scene.handheld
    ? stage.unit * 0.006
    : scene.weather === 'storm'
      ? stage.unit * 0.002
      : 0
  const shakeX = shaker(rng, shakeAmp)
  const shakeY = shaker(rng, shakeAmp * 0.8)
  const dir = rng.chance(0.5) ? 1 : -1

  const move = (u: number): Pose => {
    const e = ease(u)
    const s = e * 2 - 1
    const base: Pose = { turnX: 0, turnY: 0, truckX: 0, truckY: 0, zoom: 1, pivot: 0 }
    switch (scene.camera) {
      case 'push-in':
        return { ...base, zoom: 1 + 0.16 * k * e, truckY: -0.02 * h * k * e }
      case 'pull-out':
        return { ...base, zoom: 1 + 0.16 * k * (1 - e), truckY: -0.02 * h * k * (1 - e) }
      case 'pan-left':
      case 'pan-right': {
        const sign = scene.camera === 'pan-left' ? -1 : 1
        return {
          ...base,
          turnX: sign * 0.035 * w * k * s,
          truckX: sign * 0.06 * w * k * s,
          zoom: 1.02,
        }
      }
      case 'tilt-up':
      case 'tilt-down': {
        const sign = scene.camera === 'tilt-up' ? -1 : 1
        return {
          ...base,
          turnY: sign * 0.05 * h * k * s,
          truckY: sign * 0.04 * h * k * s,
          zoom: 1.03,
        }
      }
      case 'orbit':
        return { ...base, truckX: dir * 0.12 * w * k * s, zoom: 1.05 + 0.03 * k * e, pivot: 0.45 }
      case 'drone':
        return {
          ...base,
          truckY: 0.05 * h * k * -s,
          truckX: dir * 0.03 * w * k * s,
          zoom: 1 + 0.12 * k * e,
        }
      case 'tracking':
        return { ...base, truckX: dir * 0.14 * w * k * (u * 2 - 1), zoom: 1.04 }
      case 'static':
        return { ...base, zoom: 1 + 0.015 * e }
    }
  }

  const pose = (t: number): Pose => {
    const p = move(duration > 0 ? t / duration : 0)
    return { ...p, turnX: p.turnX + shakeX(t), turnY: p.turnY + shakeY(t) }
  }

  const offset = (p: Pose, depth: number) => ({
    x: p.turnX + p.truckX * (depth - p.pivot),
    y: p.turnY + p.truckY * (depth - p.pivot),
  })

  const extremes = new Map<number, { x: number; y: number }>()
  const margin = (depth: number) => {
    const key = Math.round(depth * 1000)
    let m = extremes.get(key)
    if (!m) {
      m = { x: 0, y: 0 }
      for (let f = 0; f <= stage.frames; f++) {
        const o = offset(pose(f / stage.fps), depth)
        m.x = Math.max(m.x, Math.abs(o.x))
        m.y = Math.max(m.y, Math.abs(o.y))
      }
      m = { x: Math.ceil(m.x) + 4, y: Math.ceil(m.y) + 4 }
      extremes.set(key, m)
    }
    return m
  }

  return {
    pose,
    margin,
    matrix: (p, depth) => {
      const s = 1 + (p.zoom - 1) * depth
      const o = offset(p, depth)
      const cx = w / 2
      const cy = h / 2
      return [s, 0, 0, s, cx - (cx + o.x) * s, cy - (cy + o.y) * s]
    },
  }
}
