import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { KEYS } from '../../src/assets/test-assets.js'
import { expectError, expectNothingChanged, TASKS } from './test-abuse.js'
import { base, useRefusals } from './test-refusals.js'

/** Malformed bodies and missing or bad keys (spec §1): refused as documented, nothing stored. */
const { state: s, request } = useRefusals()

describe('malformed JSON', () => {
  it.each([
    ['a truncated body', '{"model": "seedance-2.0", "content": ['],
    ['trailing garbage', '{"model": "seedance-2.0"} {}'],
    ['a form body sent as JSON', 'model=seedance-2.0&content=x'],
    ['an empty body', ''],
    ['single quotes', "{'model': 'seedance-2.0'}"],
    ['an array', '[]'],
    ['a string', '"seedance-2.0"'],
    ['a number', '42'],
    ['null', 'null'],
    ['a prototype-poisoning key', '{"__proto__": {"polluted": true}, "model": "seedance-2.0"}'],
    ['a constructor-poisoning key', '{"constructor": {"prototype": {"polluted": true}}}'],
    [
      'content nested 10 000 arrays deep',
      `{"model":"seedance-2.0","content":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    ],
  ])('refuses %s with 400 InvalidParameter', async (_name, payload) => {
    await expectNothingChanged(s.kinora, async () => {
      const res = await request({
        method: 'POST',
        url: TASKS,
        headers: { 'content-type': 'application/json' },
        payload,
      })
      expectError(res, 400, 'InvalidParameter')
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    ['text/plain', JSON.stringify(base)],
    ['application/x-www-form-urlencoded', 'model=seedance-2.0'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('refuses a %s body with 400 InvalidParameter', async (type, payload) => {
    await expectNothingChanged(s.kinora, async () => {
      const res = await request({
        method: 'POST',
        url: TASKS,
        headers: { 'content-type': type },
        payload,
      })
      expectError(res, 400, 'InvalidParameter')
    })
  })
})

describe('no or bad key', () => {
  const headers: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['an empty Bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: `Basic ${Buffer.from('key-alpha:').toString('base64')}` }],
    ['the key without a scheme', { authorization: KEYS.alpha }],
    ['an unknown key', { authorization: 'Bearer kn-not-a-key' }],
    ['a key with a suffix', { authorization: `Bearer ${KEYS.alpha}x` }],
    ['two keys', { authorization: `Bearer ${KEYS.alpha} ${KEYS.beta}` }],
    ['a key with a NUL', { authorization: `Bearer ${KEYS.alpha}\u0000` }],
  ]
  const routes: [string, InjectOptions][] = [
    ['create', { method: 'POST', url: TASKS, payload: base }],
    ['list', { method: 'GET', url: TASKS }],
    ['get', { method: 'GET', url: `${TASKS}/cgt-20261125160057-abcde` }],
    ['delete', { method: 'DELETE', url: `${TASKS}/cgt-20261125160057-abcde` }],
  ]
  it.each(headers)('answers %s with 401 AuthenticationError on every task route', async (_n, h) => {
    await expectNothingChanged(s.kinora, async () => {
      for (const [, opts] of routes) {
        const res = await s.kinora.app.inject({ ...opts, headers: h })
        expectError(res, 401, 'AuthenticationError')
      }
      const action = await s.kinora.app.inject({
        method: 'POST',
        url: '/?Action=CreateAssetGroup&Version=2024-01-01',
        headers: h,
        payload: { Name: 'cast' },
      })
      expect(action.statusCode).toBe(401)
      expect(action.json().ResponseMetadata.Error.Code).toBe('AuthenticationError')
    })
  })
})
