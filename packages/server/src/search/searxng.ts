import { z } from 'zod'
import { isAppError } from '../lib/app-error.js'
import { safeFetch, type SafeFetchOptions } from '../media/safe-fetch.js'
import { webSearchFailed, type SearchProvider, type SearchResult } from './search-provider.js'

export interface SearxngOptions {
  /** Base URL of the instance (`KINORA_SEARCH_URL`); `search` is resolved against it. */
  url: string
  /** Address policy and timeouts of the safe fetcher; `param` and `maxBytes` are set here. */
  fetch?: Omit<SafeFetchOptions, 'param' | 'maxBytes' | 'signal' | 'method' | 'headers' | 'body'>
  /** Deadline for one whole search, body included (default 10 s). */
  timeoutMs?: number
  /** Largest JSON answer accepted (default 2 MB). */
  maxBytes?: number
  /** Results kept per query, best first (default 8). */
  limit?: number
}

const PARAM = 'KINORA_SEARCH_URL'

/** The parts of the JSON answer we read (protocols.md §D); everything else is ignored. */
const answer = z.object({
  results: z.array(
    z.object({
      url: z.string(),
      title: z.string(),
      content: z.string().nullish(),
      publishedDate: z.string().nullish(),
    }),
  ),
  answers: z.array(z.unknown()).nullish(),
})

/** An answer item worth keeping: text with a source to cite (items vary by answerer). */
const citedAnswer = z.object({ answer: z.string(), url: z.string() })

/** Why an answer other than 200 failed, and whether a later try may pass (protocols.md §D). */
function statusProblem(status: number, detail: string): { why: string; retryable: boolean } {
  if (status === 403) {
    return {
      why: 'the instance refuses format=json (403); list json under search.formats in its settings.yml',
      retryable: false,
    }
  }
  if (status === 429) {
    return {
      why: "the instance's limiter refused the request (429); turn server.limiter off or pass-list this server",
      retryable: true,
    }
  }
  const said = detail ? `: ${detail}` : ''
  if (status >= 500) return { why: `the instance answered HTTP ${status}${said}`, retryable: true }
  return { why: `the instance answered HTTP ${status}${said}`, retryable: false }
}

/** The `error` field of a SearXNG error body, or a short plain-text excerpt. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown }
    if (typeof parsed.error === 'string') return parsed.error
  } catch {
    // Not JSON (429 and 403 answer text or HTML): fall through to the excerpt.
  }
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
}

/** Direct answers that carry a source come first: they are the instance's best guess. */
function toResults(parsed: z.infer<typeof answer>, limit: number): SearchResult[] {
  const direct: SearchResult[] = []
  for (const item of parsed.answers ?? []) {
    const a = citedAnswer.safeParse(item)
    if (!a.success) continue
    const { answer: text, url } = a.data
    direct.push({ title: text.slice(0, 120), url, content: text, publishedDate: null })
  }
  const ranked = parsed.results.map((r) => ({
    title: r.title,
    url: r.url,
    content: r.content ?? '',
    publishedDate: r.publishedDate ?? null,
  }))
  return [...direct, ...ranked].slice(0, limit)
}

/**
 * The SearXNG driver of the search port: `GET <url>/search?q=…&format=json` through the safe
 * fetcher, with the headers protocols.md §D asks clients to send. The fetcher asks for unencoded
 * bodies, so an instance whose limiter insists on gzip must pass-list Kinora or run without the
 * limiter (the usual setup of a private instance). Failures become `WebSearchFailed`.
 */
export function createSearxngProvider(opts: SearxngOptions): SearchProvider {
  const base = new URL(opts.url.endsWith('/') ? opts.url : `${opts.url}/`)
  const timeoutMs = opts.timeoutMs ?? 10_000
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024
  const limit = opts.limit ?? 8
  return {
    name: 'searxng',
    async search(query, { signal } = {}) {
      const url = new URL('search', base)
      url.searchParams.set('q', query)
      url.searchParams.set('format', 'json')
      const deadline = AbortSignal.timeout(timeoutMs)
      let status: number
      let body: string
      try {
        const res = await safeFetch(url.href, {
          ...opts.fetch,
          param: PARAM,
          maxBytes,
          signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
          headers: {
            accept: 'application/json, text/html;q=0.9',
            'accept-language': 'en',
            'user-agent': 'Kinora (+web_search tool)',
          },
        })
        status = res.status
        body = Buffer.concat(await res.body.toArray()).toString('utf8')
      } catch (err) {
        if (signal?.aborted) throw signal.reason
        if (deadline.aborted) {
          throw webSearchFailed(`no answer within ${timeoutMs / 1000} s`, true, err)
        }
        if (isAppError(err)) throw webSearchFailed(err.message, err.retryable, err)
        throw webSearchFailed('the request broke off', true, err)
      }
      if (status !== 200) {
        const { why, retryable } = statusProblem(status, errorDetail(body))
        throw webSearchFailed(why, retryable)
      }
      let parsed: z.infer<typeof answer>
      try {
        parsed = answer.parse(JSON.parse(body))
      } catch (err) {
        throw webSearchFailed('the instance did not answer with SearXNG JSON results', false, err)
      }
      return toResults(parsed, limit)
    },
  }
}
