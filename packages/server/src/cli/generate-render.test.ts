import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { Kinora as Client, type Task } from '@kinora/client'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probe } from '../media/ffprobe.js'
import { openTestKinora } from '../test-kinora.js'
import { mediaFiles, NO_GUARDS, runBin, type MediaFiles } from './test-cli.js'
import { CLI_GROUP } from './with-media-urls.js'

/** `kinora generate` rendering for real: in process, and on a server with a worker. */

let media: MediaFiles
/** Renders (one worker). */
let renderer: Awaited<ReturnType<typeof openTestKinora>>
const file = (name: string) => media.file(name)

beforeAll(async () => {
  media = await mediaFiles()
  renderer = await openTestKinora({ ...NO_GUARDS, port: 0, workers: 1, moderationImages: false })
  await renderer.listen()
})
afterAll(async () => {
  await renderer?.dispose()
  await media?.remove()
})

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

/** The task object without its signed links, which every GET signs afresh. */
const unsigned = (task: Task) => ({
  ...task,
  content: task.content && {
    video_url: task.content.video_url.split('?')[0],
    last_frame_url: task.content.last_frame_url?.split('?')[0],
  },
})

const REFERENCE = [
  '@image1 walks through the scene of @video1',
  '--ref-image',
  'first.png',
  '--ref-video',
  'clip.mp4',
  '--ref-audio',
  'tone.wav',
  '--resolution',
  '480p',
  '--duration',
  '4',
  '--seed',
  '5',
  '--json',
]

describe('kinora generate', () => {
  it('renders local reference media in-process and on a server to the same bytes, printing the task with --json', async () => {
    const args = REFERENCE.map((a) => (/\.(png|mp4|wav)$/.test(a) ? file(a) : a))
    const local = await runBin(
      'generate',
      ...args,
      '-o',
      file('local.mp4'),
      '--last-frame',
      file('local.png'),
    )
    expect(local.exitCode, local.stderr).toBe(0)
    const localTask = JSON.parse(local.stdout) as Task
    expect(localTask).toMatchObject({
      status: 'succeeded',
      resolution: '480p',
      ratio: '4:3',
      duration: 4,
      seed: 5,
      omni_reference_task_type: 'reference',
    })
    const probed = await probe(file('local.mp4'), { countFrames: true })
    expect(probed.streams.find((s) => s.codecType === 'video')).toMatchObject({
      width: 752,
      height: 560,
      frames: 96,
    })
    expect(await sharp(file('local.png')).metadata()).toMatchObject({
      format: 'png',
      width: 752,
      height: 560,
    })

    const server = renderer.publicUrl()
    const remote = await runBin('generate', ...args, '-o', file('remote.mp4'), '--server', server)
    expect(remote.exitCode, remote.stderr).toBe(0)
    const remoteTask = JSON.parse(remote.stdout) as Task
    const client = new Client({ baseURL: server, apiKey: '', maxRetries: 0 })
    expect(unsigned(remoteTask)).toEqual(unsigned(await client.tasks.get(remoteTask.id)))
    expect(await sha(file('remote.mp4'))).toBe(await sha(file('local.mp4')))

    // The video went up as an asset of the CLI's group, and was deleted once the task had it.
    const groups = await client.assets.listGroups({ Filter: { Name: CLI_GROUP } })
    expect(groups.Items.map((g) => g.Name)).toEqual([CLI_GROUP])
    expect(
      (await client.assets.list({ Filter: { GroupIds: [groups.Items[0]!.Id] } })).TotalCount,
    ).toBe(0)
  }, 240_000)
})
