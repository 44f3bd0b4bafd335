import { AppError } from '../lib/app-error.js'

/** One search hit, reduced to what prompt enrichment and `tool_outputs` use. */
export interface SearchResult {
  title: string
  url: string
  /** The provider's snippet; empty when it gave none. */
  content: string
  /** ISO-8601 as the provider sent it (often without a time zone), or null. */
  publishedDate: string | null
}

/**
 * The web search port (spec §2.7, architecture "search/"): one query in, ranked results out.
 * Drivers throw `WebSearchFailed` AppErrors (see `webSearchFailed`), and rethrow the signal's
 * reason unchanged when the caller aborts.
 */
export interface SearchProvider {
  readonly name: string
  search(query: string, opts?: { signal?: AbortSignal }): Promise<SearchResult[]>
}

/**
 * The task failure of spec §2.7 for a provider that cannot answer: never a silent success.
 * Retryable for faults that may pass (5xx, 429, timeouts, broken connections), so the worker tries
 * the task again while attempts remain.
 */
export function webSearchFailed(why: string, retryable: boolean, cause?: unknown): AppError {
  return new AppError(500, 'WebSearchFailed', `Web search failed: ${why}`, {
    retryable,
    ...(cause === undefined ? {} : { cause }),
  })
}
