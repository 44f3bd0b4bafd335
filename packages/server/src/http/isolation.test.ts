import type { LightMyRequestResponse } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  callAction,
  characterPng,
  createTwoProjects,
  KEYS,
  resultOf,
} from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
beforeEach(async () => {
  // No rate limit: its remaining-count headers differ from one request to the next.
  kinora = await openTestKinora({ moderationImages: false, allowPrivateUrls: true, rateLimit: 0 })
  await createTwoProjects(kinora.store)
})
afterEach(() => kinora.dispose())

const TASKS = '/api/v3/contents/generations/tasks'
const as = (key: string) => ({ authorization: `Bearer ${key}` })

/** What a client can observe of an answer; the request id (which differs per request) masked. */
function observed(res: LightMyRequestResponse) {
  const id = String(res.headers['x-request-id'])
  const headers = { ...res.headers }
  delete headers['x-request-id']
  delete headers.date
  return { status: res.statusCode, headers, body: res.body.replaceAll(id, '<request-id>') }
}

describe('project isolation', () => {
  it('answers another project’s task exactly as an unknown one, on every task route', async () => {
    const created = await kinora.app.inject({
      method: 'POST',
      url: TASKS,
      headers: as(KEYS.alpha),
      payload: { model: 'seedance-2.0', content: [{ type: 'text', text: 'a fox' }] },
    })
    const id = created.json().id as string
    const probes = async () =>
      Promise.all(
        [
          { url: `${TASKS}/${id}` },
          { url: `${TASKS}/${id}/callbacks` },
          { url: `${TASKS}?filter.task_ids=${id}` },
          { method: 'DELETE' as const, url: `${TASKS}/${id}` },
          { method: 'DELETE' as const, url: `${TASKS}/${id}?force=true` },
        ].map(async (r) => observed(await kinora.app.inject({ ...r, headers: as(KEYS.beta) }))),
      )
    const foreign = await probes()
    expect(foreign[0]!.status).toBe(404)
    expect((await kinora.store.getTask(id))?.status).toBe('queued')
    await kinora.store.deleteTask(id)
    expect(await probes()).toStrictEqual(foreign)
  })

  it('answers another project’s asset group and asset exactly as unknown ones', async () => {
    const { Id: group } = await resultOf<{ Id: string }>(
      kinora.app,
      'CreateAssetGroup',
      { Name: 'private', GroupType: 'AIGC' },
      KEYS.alpha,
    )
    const png = await characterPng(640, 480)
    const url = `data:image/png;base64,${png.toString('base64')}`
    const { Id: asset } = await resultOf<{ Id: string }>(
      kinora.app,
      'CreateAsset',
      { GroupId: group, URL: url, AssetType: 'Image', Name: 'a' },
      KEYS.alpha,
    )
    const calls: [string, unknown][] = [
      ['GetAssetGroup', { Id: group }],
      ['UpdateAssetGroup', { Id: group, Name: 'stolen' }],
      ['DeleteAssetGroup', { Id: group }],
      ['GetAsset', { Id: asset }],
      ['UpdateAsset', { Id: asset, Name: 'stolen' }],
      ['DeleteAsset', { Id: asset }],
      ['CreateAsset', { GroupId: group, URL: url, AssetType: 'Image' }],
      ['ListAssets', { Filter: { GroupIds: [group] } }],
      ['ListAssetGroups', { Filter: { GroupIds: [group] } }],
    ]
    const probes = async () => {
      const answers = []
      for (const [action, body] of calls) {
        answers.push(observed(await callAction(kinora.app, action, body, KEYS.beta)))
      }
      const task = await kinora.app.inject({
        method: 'POST',
        url: TASKS,
        headers: as(KEYS.beta),
        payload: {
          model: 'seedance-2.0',
          content: [{ type: 'image_url', image_url: { url: `asset://${asset}` } }],
        },
      })
      answers.push(observed(task))
      return answers
    }
    const foreign = await probes()
    expect(foreign[0]!.status).toBe(404)
    expect(foreign.at(-1)!.status).toBe(400)
    await resultOf(kinora.app, 'GetAssetGroup', { Id: group }, KEYS.alpha)
    await resultOf(kinora.app, 'DeleteAssetGroup', { Id: group }, KEYS.alpha)
    expect(await probes()).toStrictEqual(foreign)
  })
})
