import { AppError } from '../lib/app-error.js'
import type { MediaKind, Mode } from '../tasks/modes.js'
import { RESOLUTIONS, type Resolution } from '../tasks/sizes.js'

/** Every mode of spec §2.2-2.3, for engines that serve them all. */
export const ALL_MODES: readonly Mode[] = [
  'text',
  'first_frame',
  'first_last_frame',
  'reference',
  'edit',
  'extend',
]

/**
 * One entry of the routing table (docs/engines.md): a model id clients send, the engine that
 * renders it, and what that engine can serve. A request outside these limits is refused at create
 * time with a message naming what the route supports (engines/check-route.ts), never faked.
 */
export interface ModelRoute {
  id: string
  aliases: string[]
  engine: string
  /** Modes the engine implements today. */
  modes: Mode[]
  resolutions: Resolution[]
  /** Whole seconds the route renders, inclusive (spec §2.1 allows 4-15). */
  durations: { min: number; max: number }
  /** Whether the route makes sound; without it `generate_audio` must be false. */
  audio: boolean
  /** The engine hands `tools` to its upstream (ark), so no local search provider is needed. */
  upstreamTools?: boolean
  /** Media kinds this route cannot take, each with the reason (ark without a public URL). */
  refusedMedia?: Partial<Record<MediaKind, string>>
  /** Settings its engine reads (ark: the upstream model; comfyui: its workflows). */
  options?: Readonly<Record<string, unknown>>
}

/** The modes the draft engine renders today (engines/draft/modes/frame-sources.ts). */
export const DRAFT_MODES: readonly Mode[] = [
  'text',
  'first_frame',
  'first_last_frame',
  'reference',
  'edit',
  'extend',
]

/** The Seedance 2.0 ids of spec §2.1: the name and the upstream model ids. */
export const SEEDANCE_ID = 'seedance-2.0'
export const SEEDANCE_ALIASES: readonly string[] = [
  'doubao-seedance-2-0-260128',
  'dreamina-seedance-2-0-260128',
]

/** The default route: Seedance 2.0 ids (spec §2.1) served by the CPU `draft` engine. */
export const DEFAULT_ROUTES: readonly ModelRoute[] = [
  {
    id: SEEDANCE_ID,
    aliases: [...SEEDANCE_ALIASES],
    engine: 'draft',
    modes: [...DRAFT_MODES],
    resolutions: [...RESOLUTIONS],
    durations: { min: 4, max: 15 },
    audio: true,
  },
]

/** The route serving `model` (an id or an alias); 404 naming the served ids otherwise. */
export function findRoute(routes: readonly ModelRoute[], model: string): ModelRoute {
  const route = routes.find((r) => r.id === model || r.aliases.includes(model))
  if (!route) {
    throw new AppError(
      404,
      'InvalidEndpointOrModel.NotFound',
      `The model ${JSON.stringify(model)} does not exist or is not served here; send one of ${routes
        .map((r) => r.id)
        .join(', ')} (GET /api/v3/models lists them)`,
      { param: 'model' },
    )
  }
  return route
}
