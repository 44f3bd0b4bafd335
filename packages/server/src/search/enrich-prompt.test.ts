import { describe, expect, it } from 'vitest'
import { parseScene } from '../engines/draft/scene.js'
import { enrichPrompt } from './enrich-prompt.js'
import type { SearchResult } from './search-provider.js'
import { REYKJAVIK_SNOW } from './test-searxng.js'

const results = (list: Array<Partial<SearchResult> & { title: string }>): SearchResult[] =>
  list.map((r, i) => ({ url: `https://example.com/${i}`, content: '', publishedDate: null, ...r }))

const SNOW = results(REYKJAVIK_SNOW)

describe('enrichPrompt', () => {
  it('turns snow results about Reykjavik into facts, words and a caption from the result', () => {
    const out = enrichPrompt("today's weather in Reykjavik", SNOW)
    expect(out.facts).toEqual({
      place: 'Reykjavik',
      weather: 'snow',
      timeOfDay: 'night',
      objects: ['city', 'harbour', 'boats'],
      caption: 'Reykjavík weather today: Heavy snow tonight in the capital.',
    })
    expect(out.prompt).toBe("today's weather in Reykjavik, snow, night, city, harbour, boats")
    expect(out.sources.map((s) => s.url)).toEqual([SNOW[0]!.url, SNOW[1]!.url, SNOW[2]!.url])
  })

  it('gives the draft engine a snowy night scene in a city', () => {
    const scene = parseScene(enrichPrompt("today's weather in Reykjavik", SNOW).prompt, 7)
    expect(scene).toMatchObject({ weather: 'snow', time: 'night', setting: 'city' })
  })

  it('lets rank decide between reports, and ignores negated mentions', () => {
    const out = enrichPrompt(
      'a street in Lisbon',
      results([
        { title: 'Lisbon forecast', content: 'No rain expected, sunny spells all day' },
        { title: 'Lisbon rain warning lifted', content: 'Clouds clear by noon' },
      ]),
    )
    expect(out.facts.weather).toBe('clear')
    expect(out.facts.timeOfDay).toBe('noon')
  })

  it('captions from the first result that names the place, trimmed of its site name', () => {
    const out = enrichPrompt(
      'harbour in Bergen',
      results([
        { title: 'Norway travel tips', content: 'Plan ahead' },
        { title: 'Bergen fish market reopens after storm - Local Paper', content: '' },
      ]),
    )
    expect(out.facts.caption).toBe('Bergen fish market reopens after storm')
    expect(out.sources.map((s) => s.title)).toEqual([
      'Bergen fish market reopens after storm - Local Paper',
    ])
  })

  it('keeps the prompt and reports no sources when nothing was found', () => {
    expect(enrichPrompt('a fox in Oslo', [])).toEqual({
      prompt: 'a fox in Oslo',
      facts: { place: 'Oslo' },
      sources: [],
    })
  })
})
