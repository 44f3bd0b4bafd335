import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { characterPng } from '../assets/test-assets.js'
import { DEFAULT_ROUTES } from '../engines/models.js'
import { openTestKinora } from '../test-kinora.js'
import type { CreateTaskBody } from './schema.js'
import { createTaskService } from './service.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
beforeEach(async () => {
  kinora = await openTestKinora()
})
afterEach(() => kinora.dispose())

const TAKEN = 'cgt-20261125120000-aaaaa'

/** A task service on the Kinora's real store and queue whose ids come from `ids`, last repeated. */
function serviceDrawing(...ids: string[]) {
  let drawn = 0
  return createTaskService({
    ...kinora,
    clock: { now: () => Date.UTC(2026, 10, 25, 12, 0, 0) },
    routes: DEFAULT_ROUTES,
    maxQueuedPerProject: 10,
    searchConfigured: false,
    allowPrivateUrls: false,
    newTaskId: () => ids[Math.min(drawn++, ids.length - 1)]!,
  })
}

const prompt = (text: string): CreateTaskBody => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text }],
})

const withImage = (png: Buffer): CreateTaskBody => ({
  model: 'seedance-2.0',
  content: [
    { type: 'text', text: 'the picture comes alive' },
    {
      type: 'image_url',
      image_url: { url: `data:image/png;base64,${png.toString('base64')}` },
      role: 'first_frame',
    },
  ],
})

describe('task ids (spec §1)', () => {
  it('draws a fresh id when the one drawn is taken, and leaves the holder as it was', async () => {
    const first = await serviceDrawing(TAKEN).create('default', prompt('a lighthouse'))
    const fresh = 'cgt-20261125120000-bbbbb'
    const second = await serviceDrawing(TAKEN, TAKEN, fresh).create('default', prompt('a fox'))
    expect(second.id).toBe(fresh)
    expect((await kinora.store.getTask(TAKEN))?.params.prompt).toBe('a lighthouse')
    expect(await kinora.store.getTask(fresh)).toStrictEqual(second)
    expect(first.id).toBe(TAKEN)
    expect(await kinora.queue.depth()).toBe(2)
  })

  it('gives up with a 500 after five taken ids, storing nothing', async () => {
    await serviceDrawing(TAKEN).create('default', prompt('a lighthouse'))
    await expect(serviceDrawing(TAKEN).create('default', prompt('a fox'))).rejects.toMatchObject({
      status: 500,
      code: 'InternalServiceError',
    })
    expect(await kinora.queue.depth()).toBe(1)
  })

  it('never stores media under a taken id: the task holding it keeps its inputs', async () => {
    const held = await serviceDrawing(TAKEN).create('default', withImage(await characterPng(640)))
    const key = held.params.media[0]!.blobKey!
    const before = await kinora.blobs.stat(key)
    const fresh = 'cgt-20261125120000-ccccc'
    const other = await serviceDrawing(TAKEN, fresh).create(
      'default',
      withImage(await characterPng(800, 600)),
    )
    expect(other.params.media[0]?.blobKey).toBe(`tasks/${fresh}/inputs/1`)
    expect(await kinora.blobs.stat(key)).toEqual(before)
    expect(await kinora.blobs.stat(`tasks/${fresh}/inputs/1`)).not.toEqual(before)
  })
})
