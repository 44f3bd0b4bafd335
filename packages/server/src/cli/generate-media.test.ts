import { readFile, writeFile } from 'node:fs/promises'
import { Kinora as Client } from '@kinora/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { characterPng } from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'
import { mediaFiles, NO_GUARDS, runBin, type MediaFiles } from './test-cli.js'

/**
 * How `kinora generate` sends its media flags to a server: the create request it makes, the files
 * and assets it uploads, and a medium the server refuses. Nothing renders.
 */

let media: MediaFiles
/** Never renders: request-level checks; tasks stay queued until the test cancels them. */
let api: Awaited<ReturnType<typeof openTestKinora>>
let apiClient: Client
const file = (name: string) => media.file(name)

beforeAll(async () => {
  media = await mediaFiles()
  api = await openTestKinora({ ...NO_GUARDS, port: 0, workers: 0, moderationImages: false })
  apiClient = new Client({ baseURL: await api.listen(), apiKey: '', maxRetries: 0 })
})
afterAll(async () => {
  await api?.dispose()
  await media?.remove()
})

/** Polls the API-only Kinora (processing uploaded assets meanwhile) until a new task exists. */
async function nextTask(known: ReadonlySet<string>): Promise<string> {
  for (let i = 0; i < 600; i++) {
    await api.processAssets()
    const { items } = await apiClient.tasks.list({ page_size: 20 })
    const fresh = items.find((t) => !known.has(t.id))
    if (fresh) return fresh.id
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('kinora generate created no task')
}

async function knownTasks(): Promise<Set<string>> {
  const { items } = await apiClient.tasks.list({ page_size: 500 })
  return new Set(items.map((t) => t.id))
}

/** The bytes the server stored for one media item of a task. */
async function storedInput(blobKey: string | undefined): Promise<Buffer> {
  const path = file(`blob-${Math.random().toString(36).slice(2)}`)
  await api.blobs.getFile(blobKey!, path)
  return readFile(path)
}

describe('kinora generate', () => {
  it('sends --image and --last-image as first_frame and last_frame data URLs of the files', async () => {
    const known = await knownTasks()
    const run = runBin(
      'generate',
      'the sun sets',
      '--image',
      file('first.png'),
      '--last-image',
      file('last.jpg'),
      '-o',
      file('never.mp4'),
      '--server',
      api.publicUrl(),
      '--json',
    )
    const id = await nextTask(known)
    const record = (await api.store.getTask(id))!
    expect(record.params.mode).toBe('first_last_frame')
    expect(record.params.media.map((m) => [m.kind, m.role, m.url])).toEqual([
      ['image', 'first_frame', 'data:image/png'],
      ['image', 'last_frame', 'data:image/jpeg'],
    ])
    expect(await storedInput(record.params.media[0]?.blobKey)).toEqual(
      await readFile(file('first.png')),
    )
    expect(await storedInput(record.params.media[1]?.blobKey)).toEqual(
      await readFile(file('last.jpg')),
    )

    // A task that ends other than succeeded: exit 1, its object on stdout, one line on stderr.
    await apiClient.tasks.delete(id)
    const done = await run
    expect(done.exitCode).toBe(1)
    expect(JSON.parse(done.stdout)).toEqual(await apiClient.tasks.get(id))
    expect(done.stderr).toContain(`kinora: task ${id} cancelled`)
  })

  it('passes URLs and asset:// through, uploads a local video, and sends --mode edit', async () => {
    const { Id: group } = await apiClient.assets.createGroup({ Name: 'props' })
    const { Id: hat } = await apiClient.assets.upload({
      GroupId: group,
      AssetType: 'Image',
      file: new Blob([new Uint8Array(await readFile(file('first.png')))]),
      filename: 'hat.png',
    })
    await api.processAssets()
    const known = await knownTasks()
    const run = runBin(
      'generate',
      'replace the hat with @image2',
      '--ref-image',
      'https://example.com/scarf.png',
      '--ref-image',
      `asset://${hat}`,
      '--ref-video',
      file('clip.mp4'),
      '--ref-audio',
      file('tone.wav'),
      '--mode',
      'edit',
      '-o',
      file('never.mp4'),
      '--server',
      api.publicUrl(),
    )
    const id = await nextTask(known)
    const record = (await api.store.getTask(id))!
    expect(record.params.omniReferenceTaskType).toBe('edit')
    const media = record.params.media
    expect(media.map((m) => [m.kind, m.role])).toEqual([
      ['image', 'reference_image'],
      ['image', 'reference_image'],
      ['video', 'reference_video'],
      ['audio', 'reference_audio'],
    ])
    expect(media[0]?.url).toBe('https://example.com/scarf.png')
    expect(media[1]?.url).toBe(`asset://${hat}`)
    const uploaded = /^asset:\/\/(asset-\S+)$/.exec(media[2]?.url ?? '')?.[1]
    expect(uploaded).toBeDefined()
    expect(await storedInput(media[2]?.blobKey)).toEqual(await readFile(file('clip.mp4')))
    expect(media[3]?.url).toBe('data:audio/wav')
    expect(await storedInput(media[3]?.blobKey)).toEqual(await readFile(file('tone.wav')))

    await apiClient.tasks.delete(id)
    const done = await run
    expect(done.exitCode).toBe(1)
    expect(done.stderr).toMatch(/uploading .*clip\.mp4 as a video asset/)
    await expect(apiClient.assets.get(uploaded!)).rejects.toThrow(/not found/)
    await expect(apiClient.assets.get(hat)).resolves.toMatchObject({ Status: 'Active' })
  })

  it('names the flag of a medium the server refuses, and exits 1', async () => {
    await writeFile(file('tiny.png'), await characterPng(100, 100))
    const run = await runBin(
      'generate',
      'a small picture',
      '--image',
      file('tiny.png'),
      '-o',
      file('never.mp4'),
      '--server',
      api.publicUrl(),
    )
    expect(run.exitCode).toBe(1)
    expect(run.stderr.trim()).toMatch(/^kinora: --image \S*tiny\.png: .*100×100/)
  })
})
