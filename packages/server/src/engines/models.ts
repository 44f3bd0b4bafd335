import { AppError } from '../lib/app-error.js'
import type { Mode } from '../tasks/modes.js'

/** One entry of the routing table: a model id clients send, and the engine that renders it. */
export interface ModelRoute {
  id: string
  aliases: string[]
  engine: string
  /** Modes the engine implements today; others are refused at create time, never faked. */
  modes: Mode[]
}

/** The default route: Seedance 2.0 ids (spec §2.1) served by the CPU `draft` engine. */
export const DEFAULT_ROUTES: readonly ModelRoute[] = [
  {
    id: 'seedance-2.0',
    aliases: ['doubao-seedance-2-0-260128', 'dreamina-seedance-2-0-260128'],
    engine: 'draft',
    modes: ['text'],
  },
]

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
