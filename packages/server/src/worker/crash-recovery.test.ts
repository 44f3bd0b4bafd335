import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { probe } from '../media/ffprobe.js'

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/kinora.js')
const children: ChildProcess[] = []
let dataDir: string | undefined

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      )
    })
  })
}

/** `kinora serve` as a real child process; resolves once it answers /healthz. */
async function serve(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data-dir', dir], {
    env: {
      ...process.env,
      KINORA_LEASE_SECONDS: '3',
      KINORA_HEARTBEAT_MS: '300',
      KINORA_ENCODER_PRESET: 'ultrafast',
      KINORA_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(child)
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`kinora serve exited with ${child.exitCode}`)
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return child
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('kinora serve did not start')
}

async function poll(
  base: string,
  id: string,
  done: (task: { status: string; progress: number }) => boolean,
) {
  for (let i = 0; i < 1200; i++) {
    const task = await (await fetch(`${base}/api/v3/contents/generations/tasks/${id}`)).json()
    if (done(task)) return task
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`task ${id} never reached the awaited state`)
}

describe('crash recovery with real processes', () => {
  it('finishes a task after kill -9 of the server mid-render and a restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kinora-crash-'))
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const first = await serve(dataDir, port)
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
    await poll(base, id, (t) => t.status === 'running' && t.progress > 0)
    first.kill('SIGKILL')
    await new Promise((r) => first.once('exit', r))

    await serve(dataDir, port)
    const task = await poll(base, id, (t) => !['queued', 'running'].includes(t.status))
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
