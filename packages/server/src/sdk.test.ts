import {
  APIUserAbortError,
  BadRequestError,
  ConflictError,
  Kinora as Client,
  NotFoundError,
  PermissionDeniedError,
  type Task,
} from '@kinora/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { characterPng } from './assets/test-assets.js'
import { openTestKinora } from './test-kinora.js'

const SEEDANCE = 'seedance-2.0'
const small = { resolution: '480p', duration: 4, generate_audio: false } as const

let kinora: Awaited<ReturnType<typeof openTestKinora>>
let client: Client

/** The SDK against a real server on loopback with one worker: every method, as users call it. */
beforeAll(async () => {
  kinora = await openTestKinora({ workers: 1, moderationImages: false, rateLimit: 0 })
  client = new Client({ baseURL: await kinora.listen(), apiKey: '', maxRetries: 0 })
})
afterAll(() => kinora.dispose())

describe('@kinora/client against a real server', () => {
  it('creates, waits with progress, gets, lists, downloads and deletes a task', async () => {
    const { id } = await client.tasks.create({
      model: SEEDANCE,
      content: [{ type: 'text', text: 'a red kite over dunes at noon' }],
      ...small,
      return_last_frame: true,
    })
    const seen: Task[] = []
    const done = await client.tasks.wait(id, { pollInterval: 50, onProgress: (t) => seen.push(t) })
    expect(done).toMatchObject({ id, status: 'succeeded' })
    expect(seen.at(-1)?.status).toBe('succeeded')
    expect(new Set(seen.map((t) => t.progress)).size).toBeGreaterThan(1)
    expect(await client.tasks.get(id)).toMatchObject({ id, status: 'succeeded' })
    expect((await client.tasks.list({ status: 'succeeded' })).items.map((t) => t.id)).toContain(id)
    const listed: string[] = []
    for await (const t of client.tasks.listAll({ page_size: 1 })) listed.push(t.id)
    expect(listed).toContain(id)
    const video = await client.files.download(done.content!.video_url)
    expect(Buffer.from(video.subarray(4, 8)).toString('latin1')).toBe('ftyp')
    const frame = await client.files.download(done.content!.last_frame_url!)
    expect(Buffer.from(frame.subarray(1, 4)).toString('latin1')).toBe('PNG')
    await client.tasks.delete(id)
    await expect(client.tasks.get(id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(client.files.download(`${done.content!.video_url}x`)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    )
  })

  it('stops a wait on abort, cancels a queued task and refuses to cancel it twice', async () => {
    const busy = await client.tasks.create({
      model: SEEDANCE,
      content: [{ type: 'text', text: 'a storm at sea' }],
      ...small,
    })
    const { id } = await client.tasks.create({
      model: SEEDANCE,
      content: [{ type: 'text', text: 'a calm lake' }],
      ...small,
    })
    const abort = new AbortController()
    const waiting = client.tasks.wait(id, { pollInterval: 20, signal: abort.signal })
    abort.abort()
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError)
    await client.tasks.delete(id)
    expect((await client.tasks.get(id)).status).toBe('cancelled')
    await expect(client.tasks.delete(id)).rejects.toBeInstanceOf(ConflictError)
    await client.tasks.wait(busy.id, { pollInterval: 50 })
  })

  it('gives a BadRequestError with code and param for a request the server refuses', async () => {
    const err = await client.tasks
      .create({ model: SEEDANCE, content: [{ type: 'text', text: 'x' }], duration: 99 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BadRequestError)
    expect(err).toMatchObject({ status: 400, code: 'InvalidParameter', param: 'duration' })
    expect((err as BadRequestError).requestId).toBeTruthy()
  })

  it('manages asset groups and assets through every asset method', async () => {
    expect((await client.models.list()).data.map((m) => m.id)).toContain(SEEDANCE)
    const { Id: group } = await client.assets.createGroup({ Name: 'heroes' })
    await client.assets.updateGroup({ Id: group, Description: 'main cast' })
    expect(await client.assets.getGroup(group)).toMatchObject({ Description: 'main cast' })
    expect((await client.assets.listGroups()).Items.map((g) => g.Id)).toContain(group)
    const png = await characterPng(640, 480)
    const { Id: inline } = await client.assets.create({
      GroupId: group,
      AssetType: 'Image',
      URL: `data:image/png;base64,${png.toString('base64')}`,
    })
    const { Id: uploaded } = await client.assets.upload({
      GroupId: group,
      AssetType: 'Image',
      file: new Blob([new Uint8Array(png)]),
      filename: 'mira.png',
    })
    for (const id of [inline, uploaded]) {
      expect(await client.assets.wait(id, { pollInterval: 50 })).toMatchObject({ Status: 'Active' })
    }
    await client.assets.update({ Id: uploaded, Name: 'Mira' })
    expect(await client.assets.get(uploaded)).toMatchObject({ Name: 'Mira' })
    expect((await client.assets.list({ Filter: { Name: 'mira' } })).Items.map((a) => a.Id)).toEqual(
      [uploaded],
    )
    await client.assets.delete(inline)
    await expect(client.assets.get(inline)).rejects.toBeInstanceOf(NotFoundError)
    await client.assets.deleteGroup(group)
    await expect(client.assets.getGroup(group)).rejects.toBeInstanceOf(NotFoundError)
  })
})
