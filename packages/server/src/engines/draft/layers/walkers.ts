import { css, mix, scale } from '../color.js'
import type { Build, Layer } from '../layer.js'
import { createRng } from '../prng.js'
import { person, quadruped } from './figures.js'
import { createGround } from './ground.js'
import { createPerspective } from './perspective.js'
import { ROAD, STREET_DEPTH } from './street.js'

const UMBRELLAS = [
  [200, 40, 60],
  [30, 30, 34],
  [40, 90, 190],
  [230, 190, 40],
  [240, 240, 240],
] as const

/** How many walkers each subject word brings. */
function headcount(subjects: readonly string[]): number {
  return (
    (subjects.includes('person') ? 1 : 0) +
    (subjects.includes('couple') ? 2 : 0) +
    (subjects.includes('crowd') ? 9 : 0)
  )
}

/**
 * People (and animals) walking. In a street they walk the sidewalks in perspective, towards or away
 * from the camera; elsewhere they cross the foreground on a path in side view, under umbrellas when
 * it rains.
 */
export function createWalkerLayers(b: Build): Layer[] {
  const { scene, stage, light } = b
  const rng = createRng(b.seed, 'walkers')
  const people = headcount(scene.subjects)
  const animals = scene.subjects.includes('animal') ? rng.int(1, 3) : 0
  if (people + animals === 0) return []
  const rainy = scene.weather === 'rain' || scene.weather === 'storm'
  const ink = css(
    light.darkness > 0.3 ? scale(light.zenith, 0.35) : mix([40, 38, 44], light.ambient, 0.2),
  )
  const umbrella = () => (rainy ? css(light.tone(rng.pick(UMBRELLAS))) : undefined)
  const speed = scene.tempo === 'fast' ? 1.6 : scene.tempo === 'slow' ? 0.8 : 1.1

  if (scene.setting === 'city' && scene.features.includes('street')) {
    const p = createPerspective(stage)
    const walkers = Array.from({ length: Math.max(people, 3) }, () => ({
      x: (rng.chance(0.5) ? -1 : 1) * rng.range(ROAD + 0.8, ROAD + 2.6),
      z: rng.range(6, 45),
      v: speed * rng.range(1.1, 1.5) * (rng.chance(0.5) ? 1 : -1),
      phase: rng.next(),
      umbrella: umbrella(),
    }))
    return [
      {
        name: 'walkers',
        depth: STREET_DEPTH,
        sharp: true,
        draw: (ctx, f) => {
          ctx.fillStyle = ink
          ctx.strokeStyle = ink
          ctx.lineCap = 'round'
          const placed = walkers
            .map((w) => ({ w, z: 4 + ((((w.z + w.v * f.t - 4) % 60) + 60) % 60) }))
            .sort((a, c) => c.z - a.z)
          for (const { w, z } of placed) {
            const height = 1.75 * p.scale(z)
            const phase = w.phase + (f.t * Math.abs(w.v)) / 1.4
            person(ctx, p.x(w.x, z), p.y(0, z), height, phase, w.x < 0 ? 1 : -1, w.umbrella)
          }
        },
      },
    ]
  }

  const ground = createGround(b, 0.72, 0.7)
  const dir = rng.chance(0.5) ? 1 : -1
  const size = (stage.height - stage.horizon) * 0.5
  const figures = [
    ...Array.from({ length: people }, (_, i) => ({
      animal: false,
      offset: i * size * rng.range(0.3, 0.6),
      scale: rng.range(0.9, 1.05),
      umbrella: umbrella(),
    })),
    ...Array.from({ length: animals }, (_, i) => ({
      animal: true,
      offset: -size * (0.8 + i * 0.7),
      scale: rng.range(0.45, 0.6),
      umbrella: undefined,
    })),
  ]
  const start = stage.width * rng.range(0.15, 0.4)
  // The legs keep the timeline's walk cycle, on which the footsteps are heard; the pace is a
  // full-size figure's stride per cycle, capped so that big figures in a narrow frame stay in view.
  const pace = Math.min((size * 0.8) / b.timeline.stride, stage.width * 0.07 * speed)
  const layer: Layer = {
    name: 'walkers',
    depth: ground.depth,
    sharp: true,
    draw: (ctx, f) => {
      ctx.fillStyle = ink
      ctx.strokeStyle = ink
      ctx.lineCap = 'round'
      for (const fig of figures) {
        const x =
          dir > 0 ? start + fig.offset + f.t * pace : stage.width - start - fig.offset - f.t * pace
        const height = size * fig.scale
        const phase = f.t / b.timeline.stride
        if (fig.animal) quadruped(ctx, x, ground.y, height, phase, dir)
        else person(ctx, x, ground.y, height, phase, dir, fig.umbrella)
      }
    },
  }
  return ground.layer ? [ground.layer, layer] : [layer]
}
