import { describe, expect, it } from 'vitest'
import { promptEntities } from './prompt-entities.js'
import { MAX_QUERIES, queriesFromPrompt } from './queries-from-prompt.js'

/** 2026-11-25T16:00:57Z */
const NOW = 1_795_622_457_000

describe('queriesFromPrompt', () => {
  it.each([
    ["today's weather in Reykjavik", ['Reykjavik weather 25 November 2026']],
    ['weather in reykjavik today, cinematic drone shot', ['Reykjavik weather 25 November 2026']],
    ['Taylor Swift latest concert, crowd cheering', ['Taylor Swift latest news 25 November 2026']],
    ['The Eiffel Tower on 2024-07-14 with fireworks', ['Eiffel Tower 14 July 2024']],
    [
      'sunrise over Mount Fuji tomorrow',
      ['Mount Fuji weather 26 November 2026', 'Mount Fuji sunrise sunset 26 November 2026'],
    ],
    ['yesterday in Oslo', ['Oslo weather 24 November 2026']],
    ['carnival in Rio de Janeiro on March 3, 2025', ['Rio de Janeiro weather March 3, 2025']],
    ['a lighthouse in Maine', ['Maine']],
    ['Reykjavik in the snow', ['Reykjavik weather']],
    ['a fox in a snowy forest', ['fox snowy forest']],
  ])('%j → %j', (prompt, expected) => {
    expect(queriesFromPrompt(prompt, NOW)).toEqual(expected)
  })

  it(`asks at most ${MAX_QUERIES} questions`, () => {
    const queries = queriesFromPrompt('Paris, London, Berlin and Rome news today', NOW)
    expect(queries).toEqual([
      'Paris latest news 25 November 2026',
      'London latest news 25 November 2026',
      'Berlin latest news 25 November 2026',
    ])
  })

  it('asks nothing for an empty prompt', () => {
    expect(queriesFromPrompt('  ', NOW)).toEqual([])
  })
})

describe('promptEntities', () => {
  it('tells places (after in, over, at) from other names and drops sentence starters', () => {
    expect(
      promptEntities('Show Lionel Messi scoring at Camp Nou. Today the crowd in Barcelona cheers'),
    ).toEqual({ places: ['Camp Nou', 'Barcelona'], names: ['Lionel Messi'] })
  })

  it('ends a lowercase place at a connecting word', () => {
    expect(promptEntities('the weather in oslo with snow').places).toEqual(['Oslo'])
  })
})
