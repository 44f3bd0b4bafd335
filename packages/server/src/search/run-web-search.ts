import { enrichPrompt, type SearchSource } from './enrich-prompt.js'
import { queriesFromPrompt } from './queries-from-prompt.js'
import type { SearchProvider, SearchResult } from './search-provider.js'

/** What a task records about its web search (wire: `tool_outputs`, ext of spec §2.7). */
export interface WebSearchOutput {
  type: 'web_search'
  /** The queries sent, in order. */
  queries: string[]
  /** The results the generation used. */
  sources: SearchSource[]
}

export interface WebSearchRun {
  /** The prompt with the facts folded in, for the engine. */
  prompt: string
  /** A headline for an on-screen caption, when a result gave one. */
  caption?: string
  output: WebSearchOutput
  /** Searches run: `usage.tool_usage.web_search`. */
  searches: number
}

/**
 * The web_search tool for one task (spec §2.7): asks the provider each query drawn from the
 * prompt, in order, and folds the results into the prompt. A provider failure propagates as its
 * `WebSearchFailed` error: the task fails rather than render without the facts it asked for.
 */
export async function runWebSearch(
  prompt: string,
  deps: { provider: SearchProvider; now: number; signal?: AbortSignal },
): Promise<WebSearchRun> {
  const queries = queriesFromPrompt(prompt, deps.now)
  const results: SearchResult[] = []
  const seen = new Set<string>()
  for (const query of queries) {
    const found = await deps.provider.search(query, deps.signal ? { signal: deps.signal } : {})
    for (const result of found) {
      if (seen.has(result.url)) continue
      seen.add(result.url)
      results.push(result)
    }
  }
  const enriched = enrichPrompt(prompt, results)
  return {
    prompt: enriched.prompt,
    ...(enriched.facts.caption === undefined ? {} : { caption: enriched.facts.caption }),
    output: { type: 'web_search', queries, sources: enriched.sources },
    searches: queries.length,
  }
}
