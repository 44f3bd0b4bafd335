import { describe, expect, it } from 'vitest'
import { parseDialogue, withoutQuotes } from './dialogue.js'

describe('parseDialogue', () => {
  it.each([
    ['A woman says "Hello there."', [['Hello there.', 'woman', 'en-us']]],
    [
      '"Hi," he said. "Bye," she replied.',
      [
        ['Hi,', 'man', 'en-us'],
        ['Bye,', 'woman', 'en-us'],
      ],
    ],
    ['An old woman whispers “Où est la gare ?”', [['Où est la gare ?', 'old-woman', 'fr']]],
    ['The narrator: 「こんにちは、元気ですか」', [['こんにちは、元気ですか', 'narrator', 'ja']]],
    ['少女が「ありがとう」と言った。', [['ありがとう', 'child', 'ja']]],
    ['A boy shouts "¡Vamos, amigos!"', [['¡Vamos, amigos!', 'child', 'es']]],
    ['Grandpa answers in German: "Thank you"', [['Thank you', 'old-man', 'de']]],
    ['"Once upon a time." Rain falls on the city.', [['Once upon a time.', 'narrator', 'en-us']]],
    ['Nothing to say: "..." and "  "', []],
  ])('reads %j', (prompt, expected) => {
    const lines = parseDialogue(prompt).map((l) => [l.text, l.speaker, l.language])
    expect(lines).toEqual(expected)
  })

  it('keeps the prompt order in the lines’ positions', () => {
    const lines = parseDialogue('He says "one". Later she says "two". At last "three".')
    expect(lines.map((l) => l.text)).toEqual(['one', 'two', 'three'])
    const positions = lines.map((l) => l.position)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(positions[0]).toBeGreaterThan(0)
    expect(positions[2]).toBeLessThan(1)
  })

  it('blanks quoted lines out of the prompt', () => {
    expect(withoutQuotes('a man says "fire!" by the sea')).toBe('a man says   by the sea')
  })
})
