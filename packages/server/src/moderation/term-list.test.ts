import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadTermList } from './load-term-list.js'
import { findTerm, parseTermList } from './term-list.js'

const DEFAULT = loadTermList(undefined)

describe('term lists', () => {
  it.each<[string, string | undefined]>([
    ['an explicit porn video', 'porn*'],
    ['Pornographic film still', 'porn*'],
    ['PÓRN', 'porn*'],
    ['a public beheading', 'beheading*'],
    ['CSAM', 'csam'],
    ['a lolipop on a table', undefined],
    ['a lighthouse at dusk, waves crashing', undefined],
    ['Al Gore gives a speech', undefined],
    ['Mickey Mouse waves', undefined],
  ])('input terms: %j → %s', (text, term) => {
    expect(findTerm(DEFAULT, text, ['input'])?.text).toBe(term)
  })

  it.each<[string, string | undefined]>([
    ['Mickey Mouse waves', 'mickey mouse'],
    ['a Spider-Man suit on a hanger', 'spider man'],
    ['a DEEPFAKE of a senator', 'deepfake*'],
    ['a mouse named Mickey', undefined],
  ])('output terms: %j → %s', (text, term) => {
    expect(findTerm(DEFAULT, text, ['output'])?.text).toBe(term)
  })

  it('parses lines with comments, comma lists and the output: prefix', () => {
    const list = parseTermList('# a comment\nfoo bar\n\nbaz*, output: Qux.Quux # trailing\n')
    expect(list.map((t) => [t.text, t.stage])).toEqual([
      ['foo bar', 'input'],
      ['baz*', 'input'],
      ['Qux.Quux', 'output'],
    ])
    expect(findTerm(list, 'the qux quux!', ['output'])?.text).toBe('Qux.Quux')
    expect(findTerm(list, 'foo, bar', ['input'])?.text).toBe('foo bar')
    expect(findTerm(list, 'foobar', ['input'])).toBeUndefined()
  })

  it('treats regular-expression characters in entries as word separators', () => {
    const list = parseTermList('a.*b, (c)')
    expect(findTerm(list, 'axxb', ['input'])).toBeUndefined()
    expect(findTerm(list, 'a b', ['input'])?.text).toBe('a.*b')
    expect(findTerm(list, 'see (c) here', ['input'])?.text).toBe('(c)')
  })
})

describe('loadTermList (KINORA_MODERATION_TERMS)', () => {
  it('replaces the default list with a comma list', () => {
    const list = loadTermList('kittens, output: puppies')
    expect(findTerm(list, 'two kittens', ['input'])?.text).toBe('kittens')
    expect(findTerm(list, 'porn', ['input'])).toBeUndefined()
  })

  it('reads a file, one entry per line, and says so when it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kinora-terms-'))
    try {
      const path = join(dir, 'terms.txt')
      await writeFile(path, '# house rules\nbroccoli\n')
      expect(loadTermList(path).map((t) => t.text)).toEqual(['broccoli'])
      expect(() => loadTermList(join(dir, 'missing.txt'))).toThrow(
        /KINORA_MODERATION_TERMS: cannot read the term list .*missing\.txt/,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
