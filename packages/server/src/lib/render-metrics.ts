import { Histogram } from 'prom-client'

/**
 * Seconds from claim to success of each render this process ran, by engine (spec §4, /metrics).
 * One per process, because renders are: each app's registry (http/metrics.ts) shows it.
 */
export const renderSeconds = new Histogram({
  name: 'kinora_render_seconds',
  help: 'Seconds from claim to success of the renders this process ran, by engine',
  labelNames: ['engine'] as const,
  buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
  registers: [],
})

/** Called by the worker when a task succeeds. */
export function observeRender(engine: string, seconds: number): void {
  renderSeconds.observe({ engine }, seconds)
}
