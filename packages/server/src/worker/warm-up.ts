import type { FastifyBaseLogger } from 'fastify'
import type { Engine } from '../engines/engine.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'

export interface WarmUpDeps {
  engines: ReadonlyMap<string, Engine>
  moderation: ModerationPolicy
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>
}

/**
 * Runs the engines' and the moderation policy's one-off loads (the draft engine's SoundFont, the
 * image model and its first inference) before a process with workers claims or listens. Parsing
 * the SoundFont blocks the event loop for hundreds of milliseconds, which during the first render
 * would stall the API served by the same process, and the model takes a second or more to be
 * ready. A failure is logged and left to the first job, which loads lazily.
 */
export async function warmUp(deps: WarmUpDeps): Promise<void> {
  const started = performance.now()
  const parts = [
    ...[...deps.engines].map(([name, engine]) => ({
      part: `engine ${name}`,
      run: engine.warmUp?.bind(engine),
    })),
    { part: 'moderation', run: deps.moderation.warmUp?.bind(deps.moderation) },
  ]
  for (const { part, run } of parts) {
    if (!run) continue
    try {
      await run()
    } catch (err) {
      deps.log.warn({ err, part }, 'warm-up failed; the first job loads it instead')
    }
  }
  deps.log.info({ ms: Math.round(performance.now() - started) }, 'warmed up')
}
