import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  actionUrl,
  callAction,
  characterPng,
  createTwoProjects,
  KEYS,
  resultOf,
  upload,
} from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
beforeEach(async () => {
  kinora = await openTestKinora({ moderationImages: false })
  await createTwoProjects(kinora.store)
})
afterEach(() => kinora.dispose())

const TASKS = '/api/v3/contents/generations/tasks'
const MB = 1024 * 1024
const auth = { authorization: `Bearer ${KEYS.alpha}` }
/** A JSON body of about `bytes`, padded with a field the schemas ignore. */
const padded = (fields: Record<string, unknown>, bytes: number) =>
  JSON.stringify({ ...fields, padding: 'x'.repeat(bytes) })

/** Sends only the headers of a POST announcing `length` bytes and resolves to the answer. */
async function announce(path: string, length: number) {
  const { port } = kinora.app.server.address() as AddressInfo
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        headers: { ...auth, 'content-type': 'application/json', 'content-length': length },
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.flushHeaders()
  })
}

describe('body limits', () => {
  it('refuses a create over 64 MB from its Content-Length with the 413 envelope', async () => {
    await kinora.app.listen({ host: '127.0.0.1', port: 0 })
    const res = await announce(TASKS, 64 * MB + 1)
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'RequestEntityTooLarge',
        message: expect.stringContaining('larger than 64 MB'),
        type: 'PayloadTooLarge',
      },
    })
  })

  it('takes a create body over the 1 MB of small JSON routes', async () => {
    const body = padded(
      { model: 'seedance-2.0', content: [{ type: 'text', text: 'a fox' }] },
      2 * MB,
    )
    const res = await kinora.app.inject({
      method: 'POST',
      url: TASKS,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: body,
    })
    expect(res.statusCode, res.body).toBe(200)
  })

  it('refuses a body over 1 MB on other task routes with the 413 envelope', async () => {
    const res = await kinora.app.inject({
      method: 'DELETE',
      url: `${TASKS}/cgt-20261125160057-abcde`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: padded({}, MB),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toEqual({
      code: 'RequestEntityTooLarge',
      message: expect.stringContaining('larger than 1 MB'),
      type: 'PayloadTooLarge',
    })
  })

  it('refuses small asset actions over 1 MB in the asset envelope, but not CreateAsset', async () => {
    const big = JSON.parse(padded({}, MB)) as Record<string, unknown>
    const list = await callAction(kinora.app, 'ListAssetGroups', big, KEYS.alpha)
    expect(list.statusCode).toBe(413)
    expect(list.json().ResponseMetadata.Error).toMatchObject({ Code: 'RequestEntityTooLarge' })
    const { Id: group } = await resultOf<{ Id: string }>(
      kinora.app,
      'CreateAssetGroup',
      { Name: 'limits', GroupType: 'AIGC' },
      KEYS.alpha,
    )
    const png = await characterPng(640, 480)
    const created = await kinora.app.inject({
      method: 'POST',
      url: actionUrl('CreateAsset'),
      headers: { ...auth, 'content-type': 'application/json' },
      payload: padded(
        {
          GroupId: group,
          AssetType: 'Image',
          URL: `data:image/png;base64,${png.toString('base64')}`,
        },
        2 * MB,
      ),
    })
    expect(created.statusCode, created.body).toBe(200)
  })

  it('leaves UploadAsset to its own caps, above the 1 MB of small JSON routes', async () => {
    const { Id: group } = await resultOf<{ Id: string }>(
      kinora.app,
      'CreateAssetGroup',
      { Name: 'uploads', GroupType: 'AIGC' },
      KEYS.alpha,
    )
    const png = await characterPng(640, 480)
    const data = Buffer.concat([png, Buffer.alloc(2 * MB)])
    const res = await upload(
      kinora.app,
      { GroupId: group, AssetType: 'Image', Name: 'big' },
      { data },
      KEYS.alpha,
    )
    expect(res.statusCode, res.body).toBe(200)
  })
})
