import { mix, type Rgb } from '../color.js'
import type { Build, Layer } from '../layer.js'
import { createRng } from '../prng.js'
import type { Setting } from '../scene.js'
import { createFog } from './fog.js'
import { createRidge, type RidgeSpec } from './ridge.js'

type Recipe = Omit<RidgeSpec, 'bottom' | 'name'>

const ROCK: Rgb = [104, 108, 122]
const GRASS: Rgb = [88, 132, 62]
const FOREST: Rgb = [46, 86, 56]
const SAND: Rgb = [222, 176, 116]
const SNOW: Rgb = [232, 238, 248]

/** Ridge recipes far to near for each setting with land; `h` is the horizon, `H` the height. */
function recipes(setting: Setting, h: number, H: number, u: number, cold: boolean): Recipe[] {
  const near = (H - h) / 10
  switch (setting) {
    case 'mountains':
      return [
        {
          depth: 0.1,
          base: h,
          amp: h * 0.42,
          cell: u * 0.45,
          kind: 'ridged',
          color: ROCK,
          distance: 0.72,
          snow: 0.55,
        },
        {
          depth: 0.2,
          base: h + near,
          amp: h * 0.3,
          cell: u * 0.35,
          kind: 'ridged',
          color: ROCK,
          distance: 0.5,
          snow: cold ? 0.6 : undefined,
        },
        {
          depth: 0.38,
          base: h + near * 3.5,
          amp: h * 0.2,
          cell: u * 0.5,
          kind: 'smooth',
          color: FOREST,
          distance: 0.28,
          trees: { kind: 'conifer', size: u * 0.035, density: 0.8 },
        },
        {
          depth: 0.7,
          base: H * 1.02,
          amp: (H - h) * 0.55,
          cell: u * 0.7,
          kind: 'smooth',
          color: FOREST,
          distance: 0.05,
          trees: { kind: 'conifer', size: u * 0.11, density: 0.55 },
        },
      ]
    case 'forest':
      return [
        {
          depth: 0.12,
          base: h,
          amp: h * 0.16,
          cell: u * 0.5,
          kind: 'smooth',
          color: FOREST,
          distance: 0.6,
          trees: { kind: 'conifer', size: u * 0.025, density: 0.95 },
        },
        {
          depth: 0.25,
          base: h + near * 2,
          amp: h * 0.14,
          cell: u * 0.45,
          kind: 'smooth',
          color: FOREST,
          distance: 0.35,
          trees: { kind: 'conifer', size: u * 0.05, density: 0.95 },
        },
        {
          depth: 0.55,
          base: H * 1.02,
          amp: (H - h) * 0.7,
          cell: u * 0.6,
          kind: 'smooth',
          color: FOREST,
          distance: 0.08,
          trees: { kind: 'conifer', size: u * 0.16, density: 0.7 },
        },
      ]
    case 'countryside':
      return [
        {
          depth: 0.12,
          base: h,
          amp: h * 0.1,
          cell: u * 0.6,
          kind: 'smooth',
          color: GRASS,
          distance: 0.55,
          trees: { kind: 'broadleaf', size: u * 0.02, density: 0.35 },
        },
        {
          depth: 0.25,
          base: h + near * 2.5,
          amp: h * 0.1,
          cell: u * 0.7,
          kind: 'smooth',
          color: GRASS,
          distance: 0.3,
          trees: { kind: 'broadleaf', size: u * 0.04, density: 0.2 },
        },
        {
          depth: 0.55,
          base: H * 1.02,
          amp: (H - h) * 0.55,
          cell: u * 0.9,
          kind: 'smooth',
          color: GRASS,
          distance: 0.05,
        },
      ]
    case 'desert':
      return [
        {
          depth: 0.1,
          base: h,
          amp: h * 0.12,
          cell: u * 0.4,
          kind: 'ridged',
          color: [196, 126, 92],
          distance: 0.55,
        },
        {
          depth: 0.22,
          base: h + near * 2,
          amp: h * 0.12,
          cell: u * 0.5,
          kind: 'dune',
          color: SAND,
          distance: 0.3,
        },
        {
          depth: 0.5,
          base: H * 1.02,
          amp: (H - h) * 0.6,
          cell: u * 0.7,
          kind: 'dune',
          color: SAND,
          distance: 0.05,
        },
      ]
    case 'snowfield':
      return [
        {
          depth: 0.1,
          base: h,
          amp: h * 0.3,
          cell: u * 0.4,
          kind: 'ridged',
          color: ROCK,
          distance: 0.65,
          snow: 0.3,
        },
        {
          depth: 0.25,
          base: h + near * 2,
          amp: h * 0.08,
          cell: u * 0.8,
          kind: 'smooth',
          color: SNOW,
          distance: 0.3,
        },
        {
          depth: 0.55,
          base: H * 1.02,
          amp: (H - h) * 0.5,
          cell: u,
          kind: 'smooth',
          color: SNOW,
          distance: 0.05,
        },
      ]
    case 'lake':
      return [
        {
          depth: 0.1,
          base: h,
          amp: h * (cold ? 0.4 : 0.22),
          cell: u * 0.45,
          kind: cold ? 'ridged' : 'smooth',
          color: cold ? ROCK : FOREST,
          distance: 0.6,
          snow: cold ? 0.5 : undefined,
        },
        {
          depth: 0.16,
          base: h + 1,
          amp: h * 0.06,
          cell: u * 0.3,
          kind: 'smooth',
          color: FOREST,
          distance: 0.4,
          trees: { kind: 'conifer', size: u * 0.03, density: 0.9 },
        },
      ]
    default:
      return []
  }
}

/**
 * The land behind the subjects: ridges far to near, with mist between them in fog, at dawn or in a
 * mysterious mood. Each ridge plate stops where the next nearer one covers it, so a frame blends
 * little more than one frame's worth of land.
 */
export function createTerrainLayers(b: Build): Layer[] {
  const { stage, scene, camera } = b
  const cold = scene.weather === 'snow' || scene.palette === 'cold'
  const list = recipes(scene.setting, stage.horizon, stage.height, stage.unit, cold)
  if (list.length === 0) return []
  const rng = createRng(b.seed, 'terrain')
  const misty = scene.weather === 'fog' || scene.time === 'dawn' || scene.mood === 'mysterious'
  const built: Layer[] = []
  let cover = stage.height + camera.margin(1).y
  let nearerDepth = 1
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i]!
    const slack = camera.margin(nearerDepth).y + camera.margin(r.depth).y + stage.height * 0.1
    const ridge = createRidge(b, {
      ...r,
      name: `${scene.setting}-${i}`,
      bottom: Math.min(stage.height + camera.margin(r.depth).y, cover + slack),
    })
    built.unshift(ridge)
    if (misty && i > 0 && i < list.length) {
      built.unshift(
        createFog(b, {
          name: `mist-${i}`,
          depth: r.depth - 0.02,
          y: r.base - r.amp * 0.1,
          thickness: stage.height * 0.06,
          alpha: scene.weather === 'fog' ? 0.8 : 0.5,
          color: mix(b.light.haze, [255, 255, 255], 0.15),
          speed: stage.unit * rng.range(0.01, 0.025) * (rng.chance(0.5) ? 1 : -1),
        }),
      )
    }
    cover = ridge.profileMax
    nearerDepth = r.depth
  }
  return built
}
