import { invalidParameter } from '../lib/app-error.js'
import type { TaskParams } from '../store/store.js'
import type { ModelRoute } from './models.js'

const FIELD = { image: 'image_url', video: 'video_url', audio: 'audio_url' } as const

const list = (items: readonly string[]) =>
  items.length < 2 ? (items[0] ?? 'none') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`

/** "model wan2.2-14b (engine comfyui)": how every refusal below names the route. */
export const describeRoute = (route: ModelRoute) => `model ${route.id} (engine ${route.engine})`

/**
 * Refuses, with 400 `InvalidParameter`, a request its route cannot serve (docs/engines.md): a mode,
 * resolution or duration outside the route's table, sound from a silent route, or a medium the
 * route cannot forward. Each message names what the route does support. `duration: -1` is
 * checked by the engine once the worker has resolved it.
 */
export function checkRoute(route: ModelRoute, params: TaskParams): void {
  const name = describeRoute(route)
  if (!route.modes.includes(params.mode)) {
    throw invalidParameter(
      'content',
      `${name} does not support ${params.mode.replace(/_/g, ' ')} mode; it supports: ${route.modes.join(', ')}`,
    )
  }
  if (!route.resolutions.includes(params.resolution)) {
    throw invalidParameter(
      'resolution',
      `${name} renders ${list(route.resolutions)}; got ${params.resolution}`,
    )
  }
  const { min, max } = route.durations
  if (params.duration !== -1 && (params.duration < min || params.duration > max)) {
    throw invalidParameter(
      'duration',
      `${name} renders ${min}-${max} seconds (or -1 to let it pick); got ${params.duration}`,
    )
  }
  if (params.generateAudio && !route.audio) {
    throw invalidParameter('generate_audio', `${name} makes no sound; send generate_audio: false`)
  }
  for (const m of params.media) {
    const why = route.refusedMedia?.[m.kind]
    if (why) throw invalidParameter(`content[${m.index}].${FIELD[m.kind]}.url`, `${name}: ${why}`)
  }
}
