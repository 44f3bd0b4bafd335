import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freePort } from '../../src/engines/test-engine-api.js'
import { probe } from '../../src/media/ffprobe.js'
import { kinoraProcesses, until } from '../../src/worker/test-kinora-process.js'
import { TASKS } from './test-abuse.js'

/**
 * Real `kinora` processes killed and restarted (issue 10's faults): whatever was accepted is
 * stored, no task stays queued or running for good, and scratch space does not leak.
 */
const kinora = kinoraProcesses({
  KINORA_MODERATION_IMAGES: '0',
  KINORA_RATE_LIMIT: '0',
  // The overload guard would answer polls 503 while a render loads both cores of CI.
  KINORA_MAX_EVENT_LOOP_DELAY_MS: '0',
})
let dir: string
let base: string
let port: number

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-abuse-'))
  port = await freePort()
  base = `http://127.0.0.1:${port}`
})
afterEach(async () => {
  await kinora.killAll()
  await rm(dir, { recursive: true, force: true })
})

const clip = (seed: number) => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text: 'a harbour at dawn, boats rocking' }],
  resolution: '480p',
  ratio: '16:9',
  duration: 4,
  generate_audio: false,
  seed,
})

async function create(body: object): Promise<string> {
  const res = await fetch(`${base}${TASKS}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(200)
  return ((await res.json()) as { id: string }).id
}

const get = async (id: string) => (await fetch(`${base}${TASKS}/${id}`)).json()
const settled = (id: string, seconds = 90) =>
  until(`${id} to settle`, seconds, async () => {
    const task = await get(id)
    return !['queued', 'running'].includes(task.status) && task
  })
const rendering = (id: string) =>
  until(`${id} to render`, 60, async () => {
    const task = await get(id)
    return task.status === 'running' && task.progress > 0
  })

/** The task rows as the database holds them (read-only, beside the running processes). */
function rows(): { id: string; status: string; attempts: number; lease_owner: string | null }[] {
  const db = new Database(join(dir, 'kinora.db'), { readonly: true })
  try {
    return db
      .prepare('SELECT id, status, attempts, lease_owner FROM tasks ORDER BY seq')
      .all() as never
  } finally {
    db.close()
  }
}

/** The succeeded task's video is the 480p 4 s clip asked for. */
async function expectClip(task: { content: { video_url: string } }) {
  const video = await fetch(task.content.video_url)
  expect(video.status).toBe(200)
  const path = join(dir, `check-${Math.random().toString(36).slice(2)}.mp4`)
  await writeFile(path, Buffer.from(await video.arrayBuffer()))
  const v = (await probe(path, { countFrames: true })).streams.find((s) => s.codecType === 'video')
  expect(v).toMatchObject({ width: 864, height: 496, frames: 96 })
  await rm(path)
}

const scratch = async () => readdir(join(dir, 'work')).catch(() => [])

describe('processes killed and restarted', () => {
  it('kill -9 of a worker mid-render: another worker finishes the task, nothing leaks', async () => {
    await kinora.serve(dir, port, ['--no-worker'])
    const first = kinora.start(['worker', '--data-dir', dir])
    const id = await create(clip(1))
    await rendering(id)
    await kinora.kill(first)
    // The dead worker still holds the lease; the task is running, not lost.
    expect(rows()).toMatchObject([{ id, status: 'running', attempts: 1 }])
    expect(await scratch()).toHaveLength(1)

    kinora.start(['worker', '--data-dir', dir])
    const task = await settled(id)
    expect(task.status).toBe('succeeded')
    await expectClip(task)
    expect(rows()).toMatchObject([{ id, status: 'succeeded', attempts: 2, lease_owner: null }])
    // The killed attempt's scratch folder went when the task was claimed again.
    await expect.poll(scratch).toEqual([])
  }, 120_000)

  it('SIGTERM with one task running and two queued: a prompt clean exit, then a restart finishes all three', async () => {
    const server = await kinora.serve(dir, port)
    const ids = [await create(clip(1)), await create(clip(2)), await create(clip(3))]
    await rendering(ids[0]!)
    const started = Date.now()
    expect(await kinora.kill(server, 'SIGTERM')).toEqual({ code: 0, signal: null })
    expect(Date.now() - started).toBeLessThan(10_000)
    // The running task went back to the queue, its lease released and its start not counted;
    // the queued two are untouched.
    expect(rows()).toMatchObject(
      ids.map((id) => ({ id, status: 'queued', lease_owner: null, attempts: 0 })),
    )
    expect(await scratch()).toEqual([])

    await kinora.serve(dir, port)
    for (const id of ids) {
      const task = await settled(id)
      expect(task.status).toBe('succeeded')
    }
    await expectClip(await get(ids[0]!))
    const list = await (await fetch(`${base}${TASKS}?page_size=500`)).json()
    expect(list.total).toBe(3)
    await expect.poll(scratch).toEqual([])
  }, 150_000)

  it('kill -9 of the server during a burst of creates: every accepted task is stored', async () => {
    const server = await kinora.serve(dir, port, ['--no-worker'])
    const accepted: string[] = []
    let stop = false
    const client = async () => {
      while (!stop) {
        const id = await create(clip(accepted.length)).catch(() => null)
        if (id) accepted.push(id)
        else return
      }
    }
    const clients = Array.from({ length: 8 }, client)
    await until('some creates to be accepted', 20, async () => accepted.length >= 20)
    await kinora.kill(server)
    stop = true
    await Promise.all(clients)

    await kinora.serve(dir, port, ['--no-worker'])
    const stored = new Set(rows().map((r) => r.id))
    for (const id of accepted) expect(stored.has(id), id).toBe(true)
    for (const id of accepted.slice(-5)) expect((await get(id)).status).toBe('queued')
    const db = new Database(join(dir, 'kinora.db'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  }, 60_000)
})
