import type { EngineJob } from '../engines/engine.js'
import type { Clock } from '../lib/clock.js'
import { runWebSearch } from '../search/run-web-search.js'
import { webSearchFailed, type SearchProvider } from '../search/search-provider.js'
import type { Store, TaskRecord } from '../store/store.js'

/**
 * The web_search tool before rendering (spec §2.7): when the task asked for it, runs the searches,
 * hands the engine the enriched prompt and the caption, and records the queries and sources on
 * the task (`tool_outputs`). Returns the job to render and the searches run, or null when the tool
 * was not asked for. A worker without a provider, or a provider that fails, fails the task with
 * `WebSearchFailed` (retryable where the provider's fault may pass).
 */
export async function applyWebSearch(
  task: TaskRecord,
  job: EngineJob,
  deps: { search?: SearchProvider; store: Store; clock: Clock; signal: AbortSignal },
): Promise<{ job: EngineJob; searches: number } | null> {
  if (!task.params.tools.some((t) => t.type === 'web_search')) return null
  if (!deps.search) {
    throw webSearchFailed('this worker has no search provider; set KINORA_SEARCH_URL on it', false)
  }
  const run = await runWebSearch(job.prompt, {
    provider: deps.search,
    now: deps.clock.now(),
    signal: deps.signal,
  })
  const params = {
    ...task.params,
    ratio: job.ratio,
    duration: job.duration,
    toolOutputs: [run.output],
  }
  await deps.store.updateTask(task.id, ['running'], { params, updatedAt: deps.clock.now() })
  const caption = run.caption === undefined ? {} : { caption: run.caption }
  return { job: { ...job, prompt: run.prompt, ...caption }, searches: run.searches }
}
