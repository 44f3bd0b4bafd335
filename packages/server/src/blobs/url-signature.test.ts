import { describe, expect, it } from 'vitest'
import { signBlobUrl, verifyBlobSignature } from './url-signature.js'

const SECRET = 'test-secret'
const KEY = 'tasks/cgt-1/video.mp4'
const NOW = 1_795_622_457_000

const sign = (key = KEY, ttl = 3600) => {
  const url = new URL(signBlobUrl('http://localhost:8080', key, ttl, SECRET, NOW))
  return { exp: url.searchParams.get('exp') ?? '', sig: url.searchParams.get('sig') ?? '' }
}

describe('verifyBlobSignature', () => {
  it('accepts its own signature until the expiry second', () => {
    const { exp, sig } = sign()
    expect(exp).toBe(String(NOW / 1000 + 3600))
    expect(verifyBlobSignature(KEY, exp, sig, SECRET, NOW)).toBe(true)
    expect(verifyBlobSignature(KEY, exp, sig, SECRET, Number(exp) * 1000 - 1)).toBe(true)
    expect(verifyBlobSignature(KEY, exp, sig, SECRET, Number(exp) * 1000)).toBe(false)
  })

  it('refuses another key, another secret, a later expiry or a changed signature', () => {
    const { exp, sig } = sign()
    expect(verifyBlobSignature('tasks/cgt-2/video.mp4', exp, sig, SECRET, NOW)).toBe(false)
    expect(verifyBlobSignature(KEY, exp, sig, 'other-secret', NOW)).toBe(false)
    expect(verifyBlobSignature(KEY, String(Number(exp) + 1), sig, SECRET, NOW)).toBe(false)
    const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1)
    expect(verifyBlobSignature(KEY, exp, flipped, SECRET, NOW)).toBe(false)
  })

  const same = (value: string) => value
  it.each<[string, (exp: string) => string, (sig: string) => string]>([
    ['an empty expiry', () => '', same],
    ['a non-numeric expiry', () => 'tomorrow', same],
    ['an expiry with a leading zero', (exp) => `0${exp}`, same],
    ['a negative expiry', (exp) => `-${exp}`, same],
    ['a fractional expiry', (exp) => `${exp}.5`, same],
    ['an expiry in exponent notation', () => '1e12', same],
    ['an empty signature', same, () => ''],
    ['a short signature', same, (sig) => sig.slice(2)],
    ['a long signature', same, (sig) => `${sig}00`],
    ['a signature that is not hex', same, (sig) => `z${sig.slice(1)}`],
  ])('refuses %s without throwing', (_, alterExp, alterSig) => {
    const { exp, sig } = sign()
    expect(verifyBlobSignature(KEY, alterExp(exp), alterSig(sig), SECRET, NOW)).toBe(false)
  })
})

describe('signBlobUrl', () => {
  it('escapes each key segment so the query cannot be cut short, keeping the slashes', () => {
    const url = signBlobUrl('http://localhost:8080/', 'tasks/a b/c#d?e.mp4', 60, SECRET, NOW)
    expect(url.startsWith('http://localhost:8080/files/tasks/a%20b/c%23d%3Fe.mp4?exp=')).toBe(true)
  })

  it('signs the same key and expiry the same way every time', () => {
    expect(sign()).toEqual(sign())
    expect(sign().sig).not.toBe(sign(KEY, 3601).sig)
  })
})
