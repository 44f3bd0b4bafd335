import type { IncomingMessage, ServerResponse } from 'node:http'
import { startLoopbackServer, type LoopbackServer } from '../media/test-loopback-server.js'

export interface FakeResult {
  url: string
  title: string
  content?: string
  publishedDate?: string | null
}

/** How the fake answers: normally, or with one of SearXNG's failure answers (protocols.md §D). */
export type FakeMode = 'ok' | 'error-500' | 'limited-429' | 'json-off-403' | 'not-json' | 'hang'

export interface FakeSearxng extends LoopbackServer {
  /** The `q` of every search, in arrival order. */
  queries: string[]
  /** Request headers of every search. */
  headers: IncomingMessage['headers'][]
  /** Switches how later requests are answered. */
  setMode(mode: FakeMode): void
}

const send = (res: ServerResponse, status: number, type: string, body: string) => {
  res.writeHead(status, { 'content-type': type })
  res.end(body)
}

/**
 * A SearXNG stand-in on loopback that follows the published JSON shape of `GET /search` (the
 * composed example of protocols.md §D, `number_of_results` left out as in recent versions) and its
 * failure answers: 400 `{"error": "No query"}`, 403 HTML without `format=json`, 429 plain text,
 * 500 `{"error": "search error"}`. `answer(q)` picks the results of each query.
 */
export async function startFakeSearxng(
  answer: (q: string) => FakeResult[],
  mode: FakeMode = 'ok',
): Promise<FakeSearxng> {
  const queries: string[] = []
  const headers: IncomingMessage['headers'][] = []
  const state = { mode }
  const server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    if (url.pathname !== '/search' && url.pathname !== '/') {
      return send(res, 404, 'text/html', '<h1>Not Found</h1>')
    }
    const q = url.searchParams.get('q') ?? ''
    queries.push(q)
    headers.push(req.headers)
    if (state.mode === 'hang') return
    if (url.searchParams.get('format') !== 'json' || state.mode === 'json-off-403') {
      return send(res, 403, 'text/html', '<html><body>403 Forbidden</body></html>')
    }
    if (state.mode === 'limited-429') return send(res, 429, 'text/plain', 'Too Many Requests')
    if (state.mode === 'error-500') {
      return send(res, 500, 'application/json', JSON.stringify({ error: 'search error' }))
    }
    if (state.mode === 'not-json') return send(res, 200, 'text/html', '<html>results</html>')
    if (!q.trim()) return send(res, 400, 'application/json', JSON.stringify({ error: 'No query' }))
    const results = answer(q).map((r, i) => {
      const parsed = new URL(r.url)
      return {
        url: r.url,
        title: r.title,
        content: r.content ?? '',
        engine: 'duckduckgo',
        engines: ['duckduckgo', 'brave'],
        score: 3 - i * 0.5,
        category: 'general',
        positions: [i + 1],
        template: 'default.html',
        parsed_url: ['https', parsed.host, parsed.pathname, '', '', ''],
        publishedDate: r.publishedDate ?? null,
        thumbnail: '',
      }
    })
    send(
      res,
      200,
      'application/json',
      JSON.stringify({
        query: q,
        results,
        answers: [],
        corrections: [],
        infoboxes: [],
        suggestions: [`${q} today`],
        unresponsive_engines: [['google', 'timeout']],
      }),
    )
  })
  return Object.assign(server, {
    queries,
    headers,
    setMode(next: FakeMode) {
      state.mode = next
    },
  })
}

/** Results saying it snows in Reykjavik tonight, as weather sites word it. */
export const REYKJAVIK_SNOW: FakeResult[] = [
  {
    url: 'https://weather.example.is/reykjavik',
    title: 'Reykjavík weather today - Example Weather',
    content: 'Heavy snow tonight in the capital. Snowfall 12 cm, -4 °C, light wind from the north.',
    publishedDate: '2026-11-25T06:00:00',
  },
  {
    url: 'https://news.example.com/iceland-snow',
    title: 'Snowstorm blankets Reykjavik harbour | Example News',
    content: 'Ferries delayed as snow keeps falling over the city.',
  },
  {
    url: 'https://travel.example.org/iceland',
    title: 'Visiting Iceland in winter',
    content: 'The Northern Lights are best seen on clear nights away from town.',
  },
]
