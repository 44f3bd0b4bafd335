import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestKinora } from '../test-kinora.js'
import { actionUrl, callAction, createTwoProjects, KEYS, resultOf } from './test-assets.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
let now = Date.UTC(2026, 10, 25, 12, 0, 0)
const clock = { now: () => now }
const { alpha, beta } = KEYS

beforeEach(async () => {
  now = Date.UTC(2026, 10, 25, 12, 0, 0)
  kinora = await openTestKinora({}, { clock })
  await createTwoProjects(kinora.store)
})
afterEach(() => kinora.dispose())

const createGroup = async (body: Record<string, unknown>, key: string = alpha) =>
  (await resultOf<{ Id: string }>(kinora.app, 'CreateAssetGroup', body, key)).Id

describe('asset group actions', () => {
  it('creates a group and gets it back in the envelope, with ISO times and the project', async () => {
    const res = await callAction(kinora.app, 'CreateAssetGroup', { Name: 'Mira' }, alpha)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.ResponseMetadata).toEqual({
      RequestId: res.headers['x-request-id'],
      Action: 'CreateAssetGroup',
      Version: '2024-01-01',
    })
    expect(body.Result.Id).toMatch(/^group-20261125120000-[a-z0-9]{5}$/)
    const group = await resultOf(kinora.app, 'GetAssetGroup', { Id: body.Result.Id }, alpha)
    expect(group).toEqual({
      Id: body.Result.Id,
      Name: 'Mira',
      Description: '',
      GroupType: 'AIGC',
      ProjectName: 'alpha',
      CreateTime: '2026-11-25T12:00:00Z',
      UpdateTime: '2026-11-25T12:00:00Z',
    })
  })

  it('updates the name and description it is given and moves UpdateTime', async () => {
    const id = await createGroup({ Name: 'Mira', Description: 'the lead', GroupType: 'AIGC' })
    now += 61_000
    const updated = await resultOf(
      kinora.app,
      'UpdateAssetGroup',
      { Id: id, Name: 'Mira v2' },
      alpha,
    )
    expect(updated).toEqual({ Id: id })
    expect(await resultOf(kinora.app, 'GetAssetGroup', { Id: id }, alpha)).toMatchObject({
      Name: 'Mira v2',
      Description: 'the lead',
      CreateTime: '2026-11-25T12:00:00Z',
      UpdateTime: '2026-11-25T12:01:01Z',
    })
    await resultOf(kinora.app, 'UpdateAssetGroup', { Id: id, Description: 'line\nbreak' }, alpha)
    expect(await resultOf(kinora.app, 'GetAssetGroup', { Id: id }, alpha)).toMatchObject({
      Name: 'Mira v2',
      Description: 'line\nbreak',
    })
  })

  it('lists groups with filters, paging and sort, newest first by default', async () => {
    const ids: string[] = []
    for (const name of ['Heroes', 'props', 'hero extras']) {
      now += 1000
      ids.push(await createGroup({ Name: name }))
    }
    await createGroup({ Name: 'heroes of beta' }, beta)
    const list = (body: Record<string, unknown>) =>
      resultOf<{
        Items: { Id: string }[]
        TotalCount: number
        PageNumber: number
        PageSize: number
      }>(kinora.app, 'ListAssetGroups', body, alpha)
    const all = await list({})
    expect(all).toMatchObject({ TotalCount: 3, PageNumber: 1, PageSize: 10 })
    expect(all.Items.map((g) => g.Id)).toEqual([ids[2], ids[1], ids[0]])
    const heroes = await list({ Filter: { Name: 'HERO' }, SortBy: 'Name', SortOrder: 'Asc' })
    expect(heroes.Items.map((g) => g.Id)).toEqual([ids[0], ids[2]])
    const some = await list({ Filter: { GroupIds: [ids[0], ids[1]] }, SortOrder: 'Asc' })
    expect(some.Items.map((g) => g.Id)).toEqual([ids[0], ids[1]])
    const page = await list({ PageNumber: 2, PageSize: 2 })
    expect(page).toMatchObject({ TotalCount: 3, PageNumber: 2, PageSize: 2 })
    expect(page.Items.map((g) => g.Id)).toEqual([ids[0]])
    const nulls = await list({ Filter: null, PageNumber: null, SortBy: null })
    expect(nulls.TotalCount).toBe(3)
  })

  it('deletes a group, after which it is not found', async () => {
    const id = await createGroup({ Name: 'Mira' })
    expect(await resultOf(kinora.app, 'DeleteAssetGroup', { Id: id }, alpha)).toEqual({})
    for (const action of ['GetAssetGroup', 'DeleteAssetGroup', 'UpdateAssetGroup']) {
      const res = await callAction(kinora.app, action, { Id: id, Name: 'x' }, alpha)
      expect(res.statusCode).toBe(404)
      expect(res.json().ResponseMetadata.Error).toEqual({
        Code: 'ResourceNotFound',
        Message: `The specified asset group ${id} is not found.`,
      })
    }
  })

  it("answers another project's group exactly like an unknown one, and never lists it", async () => {
    const id = await createGroup({ Name: 'Mira' })
    const unknown = 'group-20261125120000-zzzzz'
    for (const action of ['GetAssetGroup', 'UpdateAssetGroup', 'DeleteAssetGroup']) {
      const theirs = await callAction(kinora.app, action, { Id: id, Name: 'stolen' }, beta)
      const none = await callAction(kinora.app, action, { Id: unknown, Name: 'stolen' }, beta)
      expect(theirs.statusCode).toBe(404)
      expect(none.statusCode).toBe(404)
      expect(theirs.json().ResponseMetadata.Error.Message.replace(id, 'ID')).toBe(
        none.json().ResponseMetadata.Error.Message.replace(unknown, 'ID'),
      )
    }
    const listed = await resultOf<{ TotalCount: number }>(
      kinora.app,
      'ListAssetGroups',
      { Filter: { GroupIds: [id] } },
      beta,
    )
    expect(listed.TotalCount).toBe(0)
    expect(await resultOf(kinora.app, 'GetAssetGroup', { Id: id }, alpha)).toMatchObject({
      Name: 'Mira',
    })
  })
})

describe('asset action errors', () => {
  const errorOf = async (res: Awaited<ReturnType<typeof callAction>>) => ({
    status: res.statusCode,
    ...res.json().ResponseMetadata.Error,
  })

  it('refuses a missing or other Version, and a missing or unknown Action', async () => {
    const post = (url: string) =>
      kinora.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${alpha}` },
        payload: { Name: 'x' },
      })
    const noVersion = await post('/?Action=CreateAssetGroup')
    expect(await errorOf(noVersion)).toMatchObject({ status: 400, Code: 'InvalidActionOrVersion' })
    expect(noVersion.json().ResponseMetadata).toMatchObject({ Action: 'CreateAssetGroup' })
    const old = await post('/?Action=CreateAssetGroup&Version=2022-01-01')
    expect((await errorOf(old)).Message).toMatch(/Version must be 2024-01-01; got "2022-01-01"/)
    const unknown = await post(actionUrl('CreateAssetGroups'))
    expect(await errorOf(unknown)).toMatchObject({
      status: 400,
      Code: 'InvalidActionOrVersion',
      Message: expect.stringMatching(
        /"CreateAssetGroups" does not exist; send one of .*ListAssets/,
      ),
    })
    const none = await post('/?Version=2024-01-01')
    expect((await errorOf(none)).Message).toMatch(/^Action is missing/)
  })

  it('answers 401 in the envelope without a valid key', async () => {
    const missing = await callAction(kinora.app, 'ListAssetGroups', {})
    expect(await errorOf(missing)).toMatchObject({ status: 401, Code: 'AuthenticationError' })
    const wrong = await callAction(kinora.app, 'ListAssetGroups', {}, 'key-gamma')
    expect(await errorOf(wrong)).toMatchObject({ status: 401, Code: 'AuthenticationError' })
  })

  it.each([
    [{}, 'Name is required'],
    [{ Name: '' }, 'Name must not be empty'],
    [{ Name: 'x'.repeat(65) }, 'Name must be at most 64 characters'],
    [{ Name: 'a\nb' }, 'Name must not contain control characters'],
    [{ Name: 'nul\u0000' }, 'Name must not contain control characters'],
    [{ Name: 'ok', Description: 'd'.repeat(301) }, 'Description must be at most 300 characters'],
    [{ Name: 'ok', Description: 'bell\u0007' }, 'Description must not contain control'],
    [{ Name: 'ok', GroupType: 'Other' }, 'GroupType must be AIGC'],
    [{ Name: 42 }, 'Name must be a string'],
  ])('refuses the group body %j with 400 InvalidParameter naming the field', async (body, why) => {
    const res = await callAction(kinora.app, 'CreateAssetGroup', body, alpha)
    const error = await errorOf(res)
    expect(error).toMatchObject({ status: 400, Code: 'InvalidParameter' })
    expect(error.Message).toContain(why)
  })

  it('refuses bad list paging and sort, a missing Id, a body that is not JSON', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['ListAssetGroups', { PageSize: 101 }, /PageSize must be an integer from 1 to 100/],
      ['ListAssetGroups', { PageNumber: 0 }, /PageNumber must be an integer of 1 or more/],
      ['ListAssetGroups', { SortBy: 'Size' }, /SortBy must be CreateTime, UpdateTime or Name/],
      ['ListAssetGroups', { SortOrder: 'up' }, /SortOrder must be Desc or Asc/],
      ['ListAssetGroups', { Filter: { GroupIds: [1] } }, /Filter\.GroupIds/],
      ['GetAssetGroup', {}, /Id is required/],
      ['GetAssetGroup', undefined, /body must be a JSON object/],
      ['DeleteAssetGroup', [], /body must be a JSON object/],
    ]
    for (const [action, body, message] of cases) {
      const error = await errorOf(await callAction(kinora.app, action, body, alpha))
      expect(error, `${action} ${JSON.stringify(body)}`).toMatchObject({
        status: 400,
        Code: 'InvalidParameter',
      })
      expect(error.Message).toMatch(message)
    }
    const broken = await kinora.app.inject({
      method: 'POST',
      url: actionUrl('GetAssetGroup'),
      headers: { authorization: `Bearer ${alpha}`, 'content-type': 'application/json' },
      payload: '{"Id": ',
    })
    expect(await errorOf(broken)).toMatchObject({
      status: 400,
      Message: 'The request body is not valid JSON',
    })
  })

  it('documents every action at its own path in /openapi.json', async () => {
    const doc = (await kinora.app.inject({ url: '/openapi.json' })).json()
    const actions = [
      'CreateAssetGroup',
      'GetAssetGroup',
      'ListAssetGroups',
      'UpdateAssetGroup',
      'DeleteAssetGroup',
      'CreateAsset',
      'UploadAsset',
      'GetAsset',
      'ListAssets',
      'UpdateAsset',
      'DeleteAsset',
    ]
    for (const action of actions) {
      const op = doc.paths[actionUrl(action)]?.post
      expect(op?.operationId, action).toBe(action)
      expect(op.responses['200']).toBeDefined()
    }
    const create = doc.paths[actionUrl('CreateAsset')].post
    const body = create.requestBody.content['application/json'].schema
    expect(body.required).toEqual(expect.arrayContaining(['GroupId', 'URL', 'AssetType']))
    const uploadForm = doc.paths[actionUrl('UploadAsset')].post.requestBody.content
    expect(uploadForm['multipart/form-data'].schema.properties.file).toMatchObject({
      format: 'binary',
    })
    expect(doc.paths['/']?.post).toBeUndefined()
  })
})
