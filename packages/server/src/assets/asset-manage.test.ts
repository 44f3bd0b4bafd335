import { describe, expect, it } from 'vitest'
import { errorOf, useAssetApi } from './test-asset-api.js'
import { callAction, KEYS, resultOf, upload } from './test-assets.js'

const { alpha, beta } = KEYS
const { state: s, newGroup, createAsset, getAsset, blobsOf } = useAssetApi()

describe('managing assets', () => {
  it('refuses an upload past its type’s cap with 413, whatever the order of the parts', async () => {
    const group = await newGroup()
    const big = Buffer.alloc(15 * 1024 * 1024 + 1, 1)
    const typeFirst = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Audio' },
      { data: big },
      alpha,
    )
    expect(errorOf(typeFirst)).toMatchObject({
      status: 413,
      Code: 'RequestEntityTooLarge',
      Message: 'file: the file is larger than 15 MB, the most an asset of type Audio may be',
    })
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(big)]), 'late.wav')
    form.append('GroupId', group)
    form.append('AssetType', 'Audio')
    const request = new Request('http://s.kinora.test/', { method: 'POST', body: form })
    const typeLast = await s.kinora.app.inject({
      method: 'POST',
      url: '/?Action=UploadAsset&Version=2024-01-01',
      headers: {
        authorization: `Bearer ${alpha}`,
        'content-type': request.headers.get('content-type')!,
      },
      payload: Buffer.from(await request.arrayBuffer()),
    })
    expect(errorOf(typeLast)).toMatchObject({ status: 413, Code: 'RequestEntityTooLarge' })
    expect(
      (await resultOf<{ TotalCount: number }>(s.kinora.app, 'ListAssets', {}, alpha)).TotalCount,
    ).toBe(0)
    expect(await blobsOf(group)).toEqual([])
  })

  it('refuses an upload that is not a multipart form with one file part and valid fields', async () => {
    const group = await newGroup()
    const json = await callAction(s.kinora.app, 'UploadAsset', { GroupId: group }, alpha)
    expect(errorOf(json)).toMatchObject({
      status: 400,
      Message: expect.stringMatching(/multipart\/form-data/),
    })
    const noFile = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Image' },
      undefined,
      alpha,
    )
    expect(errorOf(noFile).Message).toMatch(/needs the file as a multipart part named "file"/)
    const wrongPart = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Image' },
      { data: s.png, field: 'image' },
      alpha,
    )
    expect(errorOf(wrongPart).Message).toMatch(/part named "file", not "image"/)
    const badType = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Sound' },
      { data: s.png },
      alpha,
    )
    expect(errorOf(badType)).toMatchObject({
      status: 400,
      Message: expect.stringMatching(/AssetType must be one of/),
    })
    const twoFiles = new FormData()
    twoFiles.append('GroupId', group)
    twoFiles.append('AssetType', 'Image')
    twoFiles.append('file', new Blob([new Uint8Array(s.png)]), 'a.png')
    twoFiles.append('file', new Blob([new Uint8Array(s.png)]), 'b.png')
    const request = new Request('http://kinora.test/', { method: 'POST', body: twoFiles })
    const doubled = await s.kinora.app.inject({
      method: 'POST',
      url: '/?Action=UploadAsset&Version=2024-01-01',
      headers: {
        authorization: `Bearer ${alpha}`,
        'content-type': request.headers.get('content-type')!,
      },
      payload: Buffer.from(await request.arrayBuffer()),
    })
    expect(errorOf(doubled)).toMatchObject({
      status: 413,
      Code: 'RequestEntityTooLarge',
      Message: expect.stringMatching(/too many parts/),
    })
    const noKey = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Image' },
      { data: s.png },
    )
    expect(errorOf(noKey)).toMatchObject({ status: 401 })
  })

  it('lists assets by group, status and name; renames; deletes one with its files', async () => {
    const group = await newGroup()
    const other = await newGroup()
    const a = await createAsset({
      GroupId: group,
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
      Name: 'Mira front',
    })
    s.now += 1000
    const b = await createAsset({
      GroupId: group,
      URL: `${s.server.origin}/gone.png`,
      AssetType: 'Image',
      Name: 'mira back',
    })
    s.now += 1000
    const c = await createAsset({
      GroupId: other,
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
      Name: 'bottle',
    })
    await s.kinora.processAssets()
    const list = async (body: Record<string, unknown>) =>
      (
        await resultOf<{ Items: { Id: string }[]; TotalCount: number }>(
          s.kinora.app,
          'ListAssets',
          body,
          alpha,
        )
      ).Items.map((i) => i.Id)
    expect(await list({})).toEqual([c, b, a])
    expect(await list({ Filter: { GroupIds: [group] }, SortOrder: 'Asc' })).toEqual([a, b])
    expect(await list({ Filter: { Statuses: ['Active'] } })).toEqual([c, a])
    expect(await list({ Filter: { Name: 'MIRA' }, SortBy: 'Name', SortOrder: 'Asc' })).toEqual([
      a,
      b,
    ])
    expect(await list({ PageSize: 1, PageNumber: 2 })).toEqual([b])
    const bad = await callAction(
      s.kinora.app,
      'ListAssets',
      { Filter: { Statuses: ['Done'] } },
      alpha,
    )
    expect(errorOf(bad).Message).toMatch(/Statuses must hold only Processing, Active, Failed/)

    s.now += 1000
    expect(
      await resultOf(s.kinora.app, 'UpdateAsset', { Id: a, Name: 'Mira, front' }, alpha),
    ).toEqual({ Id: a })
    expect(await getAsset(a)).toMatchObject({
      Name: 'Mira, front',
      UpdateTime: '2026-11-25T12:00:03Z',
    })
    const link = new URL((await getAsset(a)).URL!)
    expect(await resultOf(s.kinora.app, 'DeleteAsset', { Id: a }, alpha)).toEqual({})
    expect(errorOf(await callAction(s.kinora.app, 'GetAsset', { Id: a }, alpha))).toMatchObject({
      status: 404,
      Code: 'ResourceNotFound',
      Message: `The specified asset ${a} is not found.`,
    })
    expect(errorOf(await callAction(s.kinora.app, 'DeleteAsset', { Id: a }, alpha)).status).toBe(
      404,
    )
    expect(
      errorOf(await callAction(s.kinora.app, 'UpdateAsset', { Id: a, Name: 'x' }, alpha)).status,
    ).toBe(404)
    // A link to a file that is gone answers like an expired one (http/files.ts).
    expect((await s.kinora.app.inject({ url: link.pathname + link.search })).statusCode).toBe(403)
    expect(await blobsOf(group)).toEqual([])
  })

  it('deletes a group with all its assets and their files', async () => {
    const group = await newGroup()
    const keep = await newGroup()
    const a = await createAsset({
      GroupId: group,
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
    })
    const b = (
      await upload(s.kinora.app, { GroupId: group, AssetType: 'Image' }, { data: s.png }, alpha)
    ).json().Result.Id
    const kept = await createAsset({
      GroupId: keep,
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
    })
    await s.kinora.processAssets()
    expect(await blobsOf(group)).toHaveLength(2)
    await resultOf(s.kinora.app, 'DeleteAssetGroup', { Id: group }, alpha)
    for (const id of [a, b]) {
      expect(errorOf(await callAction(s.kinora.app, 'GetAsset', { Id: id }, alpha)).status).toBe(
        404,
      )
    }
    expect(await blobsOf(group)).toEqual([])
    expect(await getAsset(kept)).toMatchObject({ Status: 'Active' })
  })

  it("keeps each project's assets invisible to the other, as if unknown", async () => {
    const group = await newGroup()
    const id = await createAsset({
      GroupId: group,
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
    })
    await s.kinora.processAssets()
    const unknown = 'asset-20261125120000-zzzzz'
    for (const action of ['GetAsset', 'UpdateAsset', 'DeleteAsset']) {
      const theirs = errorOf(await callAction(s.kinora.app, action, { Id: id, Name: 'x' }, beta))
      const none = errorOf(await callAction(s.kinora.app, action, { Id: unknown, Name: 'x' }, beta))
      expect(theirs.status).toBe(404)
      expect(theirs.Message.replace(id, 'ID')).toBe(none.Message.replace(unknown, 'ID'))
    }
    const listed = await resultOf<{ TotalCount: number }>(
      s.kinora.app,
      'ListAssets',
      { Filter: { GroupIds: [group] } },
      beta,
    )
    expect(listed.TotalCount).toBe(0)
    const intoTheirs = await callAction(
      s.kinora.app,
      'CreateAsset',
      { GroupId: group, URL: `${s.server.origin}/mira.png`, AssetType: 'Image' },
      beta,
    )
    expect(errorOf(intoTheirs)).toMatchObject({ status: 404, Code: 'ResourceNotFound' })
    const uploadTheirs = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Image' },
      { data: s.png },
      beta,
    )
    expect(errorOf(uploadTheirs)).toMatchObject({ status: 404, Code: 'ResourceNotFound' })
    expect(await getAsset(id)).toMatchObject({ Status: 'Active', Name: '' })
  })
})
