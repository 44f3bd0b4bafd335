import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraftEngine } from '../engines/draft/draft-engine.js'
import type { Engine } from '../engines/engine.js'
import { DEFAULT_ROUTES } from '../engines/models.js'
import { makeAudio } from '../media/test-media.js'
import type { Mode } from '../tasks/modes.js'
import { openTestKinora } from '../test-kinora.js'
import { characterPng, createTwoProjects, KEYS, resultOf, upload } from './test-assets.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
let png: Buffer
const { alpha, beta } = KEYS
const TASKS = '/api/v3/contents/generations/tasks'

/** Every mode, so these tests reach asset resolution whatever the draft engine renders today. */
const ALL: Mode[] = ['text', 'first_frame', 'first_last_frame', 'reference', 'edit', 'extend']
const routes = [{ ...DEFAULT_ROUTES[0]!, modes: ALL }]

beforeAll(async () => {
  png = await characterPng()
})
afterEach(async () => {
  await kinora?.dispose()
  kinora = undefined
})

async function open(opts: Parameters<typeof openTestKinora>[1] = {}, workers = 0) {
  const k = await openTestKinora({ moderationImages: false, workers }, { routes, ...opts })
  await createTwoProjects(k.store)
  kinora = k
  return k
}

/** Uploads a file as an asset of `key`'s project and waits until it settles. */
async function asset(k: Kinora, type: string, data: Buffer, key: string = alpha): Promise<string> {
  const group = (await resultOf<{ Id: string }>(k.app, 'CreateAssetGroup', { Name: 'g' }, key)).Id
  const res = await upload(k.app, { GroupId: group, AssetType: type }, { data }, key)
  expect(res.statusCode, res.body).toBe(200)
  const id = res.json().Result.Id as string
  for (let i = 0; i < 200; i++) {
    await k.processAssets()
    const status = (await k.assetStore.getAsset(key === beta ? 'beta' : 'alpha', id))?.status
    if (status !== 'Processing') return id
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`asset ${id} never settled`)
}

const citing = (items: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text: 'the hero walks along a beach' }, ...items],
  resolution: '480p',
  duration: 4,
  generate_audio: false,
  ...extra,
})
const image = (id: string) => ({
  type: 'image_url',
  image_url: { url: `asset://${id}` },
  role: 'reference_image',
})
const post = (k: Kinora, body: unknown, key: string = alpha) =>
  k.app.inject({
    method: 'POST',
    url: TASKS,
    payload: body as object,
    headers: { authorization: `Bearer ${key}` },
  })

describe('asset:// in tasks', () => {
  it("accepts an Active asset of the task's project and keeps the task's own copy of it", async () => {
    const k = await open()
    const id = await asset(k, 'Image', png)
    const res = await post(k, citing([image(id)]))
    expect(res.statusCode, res.body).toBe(200)
    const task = await k.store.getTask(res.json().id)
    const ref = task!.params.media[0]!
    expect(ref).toMatchObject({ url: `asset://${id}`, blobKey: `tasks/${task!.id}/inputs/1` })
    const copy = join(k.dir, 'copy.png')
    await k.blobs.getFile(ref.blobKey!, copy)
    expect((await readFile(copy)).equals(png)).toBe(true)
  })

  it("refuses unknown, unsettled, failed, deleted and other projects' assets alike", async () => {
    const k = await open()
    const failed = await asset(k, 'Image', await characterPng(100, 100))
    const deleted = await asset(k, 'Image', png)
    await resultOf(k.app, 'DeleteAsset', { Id: deleted }, alpha)
    const theirs = await asset(k, 'Image', png, beta)
    // Uploaded last: asset() above processes whatever is pending.
    const group = (await resultOf<{ Id: string }>(k.app, 'CreateAssetGroup', { Name: 'g' }, alpha))
      .Id
    const processing = (
      await upload(k.app, { GroupId: group, AssetType: 'Image' }, { data: png }, alpha)
    ).json().Result.Id
    const unknown = 'asset-20261125120000-zzzzz'
    const refusal = async (id: string) => {
      const res = await post(k, citing([image(id)]))
      expect(res.statusCode, id).toBe(400)
      return res.json().error
    }
    const none = await refusal(unknown)
    expect(none).toEqual({
      code: 'InvalidParameter',
      message: `The specified asset ${unknown} is not found`,
      param: 'content[1].image_url.url',
      type: 'BadRequest',
    })
    for (const id of [deleted, theirs]) {
      expect(await refusal(id)).toEqual({
        ...none,
        message: `The specified asset ${id} is not found`,
      })
    }
    expect((await refusal(processing)).message).toBe(
      `The specified asset ${processing} is not found among Active assets: it is still Processing; wait until GetAsset shows Status Active`,
    )
    expect((await refusal(failed)).message).toMatch(
      new RegExp(
        `^The specified asset ${failed} is not found among Active assets: its processing Failed \\(InvalidParameter\\)`,
      ),
    )
    expect((await k.store.listTasks({ projectId: 'alpha', pageNum: 1, pageSize: 10 })).total).toBe(
      0,
    )
    // Its own project can use it.
    expect((await post(k, citing([image(theirs)]), beta)).statusCode).toBe(200)
  })

  it('refuses an asset of another type in a media slot: "is not an image"', async () => {
    const k = await open()
    const wav = join(k.dir, 'tone.wav')
    await makeAudio(wav, 3)
    const audio = await asset(k, 'Audio', await readFile(wav))
    const picture = await asset(k, 'Image', png)
    const asImage = await post(k, citing([image(audio)]))
    expect(asImage.json().error).toMatchObject({
      code: 'InvalidParameter',
      param: 'content[1].image_url.url',
      message: `The specified asset ${audio} is not an image (it is an Audio asset); cite it as audio_url`,
    })
    const asVideo = await post(
      k,
      citing([{ type: 'video_url', video_url: { url: `asset://${picture}` } }]),
    )
    expect(asVideo.json().error.message).toMatch(
      new RegExp(`^The specified asset ${picture} is not a video`),
    )
    const asAudio = await post(
      k,
      citing([image(picture), { type: 'audio_url', audio_url: { url: `asset://${picture}` } }]),
    )
    expect(asAudio.json().error).toMatchObject({
      param: 'content[2].audio_url.url',
      message: expect.stringMatching(new RegExp(`^The specified asset ${picture} is not audio`)),
    })
  })

  it("holds assets to the request's totals at create: at most 15 s of audio", async () => {
    const k = await open()
    const wav = join(k.dir, 'long.wav')
    await makeAudio(wav, 9)
    const clip = await asset(k, 'Audio', await readFile(wav))
    const picture = await asset(k, 'Image', png)
    const audio = { type: 'audio_url', audio_url: { url: `asset://${clip}` } }
    const res = await post(k, citing([image(picture), audio, audio]))
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      param: 'content[3].audio_url.url',
      message: expect.stringMatching(/audio clips add up to 18 s; at most 15 s in total/),
    })
  })

  it('renders a task whose asset was deleted after the task was accepted', async () => {
    const seen: Buffer[] = []
    const draft = createDraftEngine({ preset: 'ultrafast' })
    const recording: Engine = {
      name: 'draft',
      async generate(job, ctx) {
        for (const input of job.inputs) seen.push(await readFile(input.path))
        // The frames do not matter here, only that the input reached the engine.
        return draft.generate({ ...job, mode: 'text', inputs: [] }, ctx)
      },
    }
    const k = await open({ engines: new Map([['draft', recording]]) }, 1)
    const id = await asset(k, 'Image', png)
    const res = await post(k, citing([image(id)], { ratio: '16:9' }))
    expect(res.statusCode, res.body).toBe(200)
    await resultOf(k.app, 'DeleteAsset', { Id: id }, alpha)
    const taskId = res.json().id as string
    let task = await k.store.getTask(taskId)
    for (let i = 0; i < 1200 && task && !['succeeded', 'failed'].includes(task.status); i++) {
      await new Promise((r) => setTimeout(r, 50))
      task = await k.store.getTask(taskId)
    }
    expect(task?.status, JSON.stringify(task?.error)).toBe('succeeded')
    expect(seen).toHaveLength(1)
    expect(seen[0]!.equals(png)).toBe(true)
  })
})
