import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../engines/test-engine-api.js'
import { probe } from '../media/ffprobe.js'
import { kinoraProcesses, until } from './test-kinora-process.js'

const kinora = kinoraProcesses()
let dataDir: string | undefined

afterEach(async () => {
  await kinora.killAll()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const taskOf = async (base: string, id: string) =>
  (await fetch(`${base}/api/v3/contents/generations/tasks/${id}`)).json()

describe('crash recovery with real processes', () => {
  it('finishes a task after kill -9 of the server mid-render and a restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kinora-crash-'))
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const first = await kinora.serve(dataDir, port)
    const created = await fetch(`${base}/api/v3/contents/generations/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'seedance-2.0',
        content: [{ type: 'text', text: 'a stormy sea at night with lightning' }],
        resolution: '1080p',
        duration: 10,
        seed: 3,
      }),
    })
    const { id } = await created.json()
    await until('the render to start', 120, async () => {
      const t = await taskOf(base, id)
      return t.status === 'running' && t.progress > 0
    })
    await kinora.kill(first)

    await kinora.serve(dataDir, port)
    const task = await until('the task to settle', 120, async () => {
      const t = await taskOf(base, id)
      return !['queued', 'running'].includes(t.status) && t
    })
    expect(task.status).toBe('succeeded')
    const video = await fetch(task.content.video_url)
    expect(video.status).toBe(200)
    const path = join(dataDir, 'out.mp4')
    await writeFile(path, Buffer.from(await video.arrayBuffer()))
    const probed = await probe(path, { countFrames: true })
    expect(probed.streams.find((s) => s.codecType === 'video')).toMatchObject({
      width: 1920,
      height: 1080,
      frames: 240,
    })
  }, 180_000)
})
