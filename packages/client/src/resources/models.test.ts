import { describe, expect, it } from 'vitest'
import { Kinora } from '../client.js'
import { fakeFetch, json } from '../test-fetch.js'

describe('models.list', () => {
  it('returns the models the server routes, from GET /api/v3/models', async () => {
    const list = {
      object: 'list',
      data: [{ id: 'seedance-2.0', object: 'model', engine: 'draft', aliases: ['x'] }],
    }
    const { fetch, calls } = fakeFetch(json(200, list))
    await expect(
      new Kinora({ fetch, baseURL: 'http://kinora.test' }).models.list(),
    ).resolves.toEqual(list)
    expect(calls.map((c) => `${c.method} ${c.url.href}`)).toEqual([
      'GET http://kinora.test/api/v3/models',
    ])
  })
})
