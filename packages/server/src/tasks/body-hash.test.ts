import { describe, expect, it } from 'vitest'
import { bodyHash, canonicalJson } from './body-hash.js'

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: 'x' }] }, '{"a":[3,{"c":"x","d":null}],"b":1}'],
    [{ a: undefined, b: true }, '{"b":true}'],
    [[], '[]'],
    ['é"\n', JSON.stringify('é"\n')],
    [null, 'null'],
  ])('writes %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected)
  })
})

describe('bodyHash', () => {
  it('is the same for bodies that differ only in key order', () => {
    const a = { model: 'm', content: [{ type: 'text', text: 'hi' }], seed: 1 }
    const b = { seed: 1, content: [{ text: 'hi', type: 'text' }], model: 'm' }
    expect(bodyHash(a)).toBe(bodyHash(b))
    expect(bodyHash(a)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differs when a value or the order of an array differs', () => {
    const base = { content: [{ type: 'text' }, { type: 'image_url' }], seed: 1 }
    expect(bodyHash(base)).not.toBe(bodyHash({ ...base, seed: 2 }))
    expect(bodyHash(base)).not.toBe(bodyHash({ ...base, content: [...base.content].reverse() }))
  })
})
