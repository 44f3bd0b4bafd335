import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { startLoopbackServer } from '../media/test-loopback-server.js'
import { createSearxngProvider } from './searxng.js'
import {
  REYKJAVIK_SNOW,
  startFakeSearxng,
  type FakeMode,
  type FakeSearxng,
} from './test-searxng.js'

let fake: FakeSearxng | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const provider = (url: string, extra: { timeoutMs?: number; limit?: number } = {}) =>
  createSearxngProvider({ url, fetch: { allowPrivate: true }, ...extra })

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe('WebSearchFailed')
  return err as AppError
}

describe('SearXNG provider', () => {
  it('asks GET /search with q and format=json, with the headers the limiter expects', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW)
    const results = await provider(fake.origin).search('Reykjavik weather 25 November 2026')
    expect(fake.hits).toHaveLength(1)
    const asked = new URL(fake.hits[0]!, 'http://x')
    expect(asked.pathname).toBe('/search')
    expect(asked.searchParams.get('q')).toBe('Reykjavik weather 25 November 2026')
    expect(asked.searchParams.get('format')).toBe('json')
    expect(fake.headers[0]).toMatchObject({
      accept: 'application/json, text/html;q=0.9',
      'accept-language': 'en',
    })
    expect(fake.headers[0]!['user-agent']).toMatch(/^Kinora/)
    expect(results).toEqual([
      {
        url: REYKJAVIK_SNOW[0]!.url,
        title: REYKJAVIK_SNOW[0]!.title,
        content: REYKJAVIK_SNOW[0]!.content,
        publishedDate: '2026-11-25T06:00:00',
      },
      { ...REYKJAVIK_SNOW[1], publishedDate: null },
      { ...REYKJAVIK_SNOW[2], publishedDate: null },
    ])
  })

  it('keeps the path of the configured URL and at most `limit` results', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW)
    const err = await failure(provider(`${fake.origin}/searx`).search('x'))
    expect(fake.hits[0]).toMatch(/^\/searx\/search\?/)
    expect(err.message).toMatch(/HTTP 404/)
    expect(err.retryable).toBe(false)
    const results = await provider(`${fake.origin}/`, { limit: 2 }).search('x')
    expect(results.map((r) => r.url)).toEqual(REYKJAVIK_SNOW.slice(0, 2).map((r) => r.url))
  })

  it('puts direct answers that cite a source before the ranked results', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          query: 'q',
          results: [{ url: 'https://b.example/', title: 'B', engine: 'brave', score: 1 }],
          answers: [
            { answer: 'Snow, -4 °C', url: 'https://a.example/', engine: 'wttr' },
            { answer: 'no source' },
          ],
        }),
      )
    })
    try {
      expect(await provider(server.origin).search('q')).toEqual([
        {
          title: 'Snow, -4 °C',
          url: 'https://a.example/',
          content: 'Snow, -4 °C',
          publishedDate: null,
        },
        { title: 'B', url: 'https://b.example/', content: '', publishedDate: null },
      ])
    } finally {
      await server.close()
    }
  })

  it.each<[FakeMode, RegExp, boolean]>([
    ['error-500', /HTTP 500: search error/, true],
    ['limited-429', /limiter refused the request \(429\)/, true],
    ['json-off-403', /refuses format=json \(403\).*search\.formats/, false],
    ['not-json', /did not answer with SearXNG JSON/, false],
  ])('turns a %s answer into WebSearchFailed (%s), retryable: %s', async (mode, why, retry) => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW, mode)
    const err = await failure(provider(fake.origin).search('Reykjavik weather'))
    expect(err.message).toMatch(why)
    expect(err.retryable).toBe(retry)
    expect(err.status).toBe(500)
  })

  it('passes on the 400 error of an empty query, not retryable', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW)
    const err = await failure(provider(fake.origin).search('  '))
    expect(err.message).toMatch(/HTTP 400: No query/)
    expect(err.retryable).toBe(false)
  })

  it('gives up on an instance that does not answer in time, retryable', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW, 'hang')
    const started = Date.now()
    const err = await failure(provider(fake.origin, { timeoutMs: 300 }).search('slow'))
    expect(err.message).toMatch(/no answer within 0.3 s/)
    expect(err.retryable).toBe(true)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('reports a refused connection as a retryable failure', async () => {
    const gone = await startLoopbackServer()
    await gone.close()
    const err = await failure(provider(gone.origin).search('x'))
    expect(err.message).toMatch(/connection was refused/)
    expect(err.retryable).toBe(true)
  })

  it('refuses a loopback instance unless private addresses are allowed, without connecting', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW)
    const strict = createSearxngProvider({ url: fake.origin })
    const err = await failure(strict.search('x'))
    expect(err.message).toMatch(/private, loopback or link-local/)
    expect(err.retryable).toBe(false)
    expect(fake.hits).toHaveLength(0)
  })

  it("rethrows the caller's abort reason untouched", async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW, 'hang')
    const abort = new AbortController()
    const reason = new Error('task cancelled')
    const pending = provider(fake.origin).search('x', { signal: abort.signal })
    setTimeout(() => abort.abort(reason), 50)
    await expect(pending).rejects.toBe(reason)
  })
})
