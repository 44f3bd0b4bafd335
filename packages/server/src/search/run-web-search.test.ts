import { describe, expect, it } from 'vitest'
import { runWebSearch } from './run-web-search.js'
import { webSearchFailed, type SearchProvider, type SearchResult } from './search-provider.js'
import { REYKJAVIK_SNOW } from './test-searxng.js'

const NOW = 1_795_622_457_000

/** A provider that answers from a table and records what it was asked. */
function tableProvider(answers: Record<string, SearchResult[] | Error>) {
  const asked: string[] = []
  const provider: SearchProvider = {
    name: 'table',
    async search(query) {
      asked.push(query)
      const answer = answers[query] ?? []
      if (answer instanceof Error) throw answer
      return answer
    },
  }
  return { provider, asked }
}

const SNOW = REYKJAVIK_SNOW.map((r) => ({ content: '', publishedDate: null, ...r }))

describe('runWebSearch', () => {
  it('asks every query in order, folds the answers in and counts the searches', async () => {
    const { provider, asked } = tableProvider({
      'Reykjavik weather 25 November 2026': SNOW.slice(0, 2),
      'Reykjavik sunrise sunset 25 November 2026': SNOW.slice(1),
    })
    const run = await runWebSearch('Reykjavik right now, snow and daylight', {
      provider,
      now: NOW,
    })
    expect(asked).toEqual([
      'Reykjavik weather 25 November 2026',
      'Reykjavik sunrise sunset 25 November 2026',
    ])
    expect(run.searches).toBe(2)
    expect(run.output.type).toBe('web_search')
    expect(run.output.queries).toEqual(asked)
    // The result both queries returned is used once.
    expect(run.output.sources.map((s) => s.url)).toEqual(SNOW.map((r) => r.url))
    expect(run.prompt).toMatch(/, snow, night/)
    expect(run.caption).toMatch(/^Reykjavík weather today/)
  })

  it("fails with the provider's error: never a silent success", async () => {
    const down = webSearchFailed('the instance answered HTTP 500', true)
    const { provider, asked } = tableProvider({ 'Reykjavik weather 25 November 2026': down })
    await expect(runWebSearch("today's weather in Reykjavik", { provider, now: NOW })).rejects.toBe(
      down,
    )
    expect(asked).toHaveLength(1)
  })
})
