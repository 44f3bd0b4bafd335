import { describe, expect, it } from 'vitest'
import type { Asset } from '../asset-types.js'
import { Kinora } from '../client.js'
import { BadRequestError, KinoraError, NotFoundError } from '../errors.js'
import { fakeFetch, json } from '../test-fetch.js'

const fast = { backoff: { initial: 1, max: 2 }, baseURL: 'http://kinora.test/api/v3' }
const meta = (Action: string) => ({ RequestId: 'r-1', Action, Version: '2024-01-01' })
const answer = (Action: string, Result: unknown) =>
  json(200, { ResponseMetadata: meta(Action), Result })
const asset = (over: Partial<Asset> = {}): Asset => ({
  Id: 'asset-20261125120000-abcde',
  Name: 'Mira',
  URL: '',
  AssetType: 'Image',
  GroupId: 'group-20261125120000-abcde',
  Status: 'Processing',
  ProjectName: 'alpha',
  CreateTime: '2026-11-25T12:00:00Z',
  UpdateTime: '2026-11-25T12:00:00Z',
  ...over,
})

describe('assets', () => {
  it.each([
    ['CreateAssetGroup', (c: Kinora) => c.assets.createGroup({ Name: 'cast' }), { Name: 'cast' }],
    ['GetAssetGroup', (c: Kinora) => c.assets.getGroup('g-1'), { Id: 'g-1' }],
    ['ListAssetGroups', (c: Kinora) => c.assets.listGroups({ PageSize: 5 }), { PageSize: 5 }],
    [
      'UpdateAssetGroup',
      (c: Kinora) => c.assets.updateGroup({ Id: 'g-1', Name: 'x' }),
      { Id: 'g-1', Name: 'x' },
    ],
    ['DeleteAssetGroup', (c: Kinora) => c.assets.deleteGroup('g-1'), { Id: 'g-1' }],
    [
      'CreateAsset',
      (c: Kinora) =>
        c.assets.create({ GroupId: 'g-1', URL: 'https://e.com/a.png', AssetType: 'Image' }),
      { GroupId: 'g-1', URL: 'https://e.com/a.png', AssetType: 'Image' },
    ],
    ['GetAsset', (c: Kinora) => c.assets.get('a-1'), { Id: 'a-1' }],
    [
      'ListAssets',
      (c: Kinora) => c.assets.list({ Filter: { Statuses: ['Active'] }, SortOrder: 'Asc' }),
      { Filter: { Statuses: ['Active'] }, SortOrder: 'Asc' },
    ],
    [
      'UpdateAsset',
      (c: Kinora) => c.assets.update({ Id: 'a-1', Name: 'y' }),
      { Id: 'a-1', Name: 'y' },
    ],
    ['DeleteAsset', (c: Kinora) => c.assets.delete('a-1'), { Id: 'a-1' }],
  ] as const)(
    'sends %s to the server root with the key and a JSON body',
    async (action, call, body) => {
      const { fetch, calls } = fakeFetch(answer(action, { Id: 'x-1' }))
      const result = await call(new Kinora({ fetch, apiKey: 'k-1', ...fast }))
      const sent = calls[0]!
      expect(sent.method).toBe('POST')
      expect(sent.url.href).toBe(`http://kinora.test/?Action=${action}&Version=2024-01-01`)
      expect(sent.headers.get('authorization')).toBe('Bearer k-1')
      expect(sent.headers.get('content-type')).toBe('application/json')
      expect(JSON.parse(sent.body!)).toEqual(body)
      expect(result).toEqual(action.startsWith('Delete') ? undefined : { Id: 'x-1' })
    },
  )

  it('uploads a file as a multipart form with its fields', async () => {
    let sent: { url: string; init: RequestInit } | undefined
    const fetch = (async (url: string, init: RequestInit) => {
      sent = { url, init }
      return new Response(
        JSON.stringify({ ResponseMetadata: meta('UploadAsset'), Result: { Id: 'a-9' } }),
      )
    }) as typeof globalThis.fetch
    const client = new Kinora({ fetch, ...fast })
    const file = new Blob([new Uint8Array([1, 2, 3])])
    await expect(
      client.assets.upload({
        GroupId: 'g-1',
        AssetType: 'Audio',
        Name: 'theme',
        file,
        filename: 't.wav',
      }),
    ).resolves.toEqual({ Id: 'a-9' })
    expect(sent?.url).toBe('http://kinora.test/?Action=UploadAsset&Version=2024-01-01')
    const form = sent?.init.body as FormData
    expect(form.get('GroupId')).toBe('g-1')
    expect(form.get('AssetType')).toBe('Audio')
    expect(form.get('Name')).toBe('theme')
    const part = form.get('file') as File
    expect(part.name).toBe('t.wav')
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
    expect(new Headers(sent?.init.headers).get('content-type')).toBeNull()
  })

  it('throws the error of the status with the code and message of ResponseMetadata.Error', async () => {
    const error = (status: number, Code: string, Message: string) =>
      json(
        status,
        { ResponseMetadata: { ...meta('GetAsset'), Error: { Code, Message } } },
        { 'x-request-id': 'r-7' },
      )
    const { fetch } = fakeFetch(
      error(404, 'ResourceNotFound', 'The specified asset a-1 is not found.'),
      error(400, 'InvalidParameter', 'Name must not be empty'),
    )
    const client = new Kinora({ fetch, ...fast })
    const missing = await client.assets.get('a-1').catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing).toMatchObject({
      status: 404,
      code: 'ResourceNotFound',
      message: 'The specified asset a-1 is not found.',
      requestId: 'r-7',
      param: undefined,
    })
    await expect(client.assets.update({ Id: 'a-1', Name: '' })).rejects.toBeInstanceOf(
      BadRequestError,
    )
  })

  it('retries a 503 and then returns the result', async () => {
    const { fetch, calls } = fakeFetch(json(503, {}), answer('GetAsset', asset()))
    await expect(new Kinora({ fetch, ...fast }).assets.get('a-1')).resolves.toEqual(asset())
    expect(calls).toHaveLength(2)
  })

  it('waits until the asset settles and returns it, Active or Failed', async () => {
    const active = asset({ Status: 'Active', URL: 'http://kinora.test/files/x' })
    const { fetch, calls } = fakeFetch(
      answer('GetAsset', asset()),
      answer('GetAsset', asset()),
      answer('GetAsset', active),
    )
    await expect(
      new Kinora({ fetch, ...fast }).assets.wait('a-1', { pollInterval: 1 }),
    ).resolves.toEqual(active)
    expect(calls).toHaveLength(3)
    const failed = asset({
      Status: 'Failed',
      Error: { Code: 'InvalidParameter', Message: 'too small' },
    })
    const second = fakeFetch(answer('GetAsset', failed))
    await expect(new Kinora({ fetch: second.fetch, ...fast }).assets.wait('a-1')).resolves.toEqual(
      failed,
    )
  })

  it('gives up waiting after the timeout with the asset still Processing', async () => {
    const { fetch } = fakeFetch(answer('GetAsset', asset()))
    const wait = new Kinora({ fetch, ...fast }).assets.wait('a-1', { pollInterval: 5, timeout: 20 })
    await expect(wait).rejects.toThrow(KinoraError)
    await expect(wait).rejects.toThrow(/still Processing after waiting 20 ms/)
  })
})
