import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S3RVER_CREDENTIALS, startS3rver, type TestS3Server } from '../blobs/test-s3rver.js'
import { probe } from '../media/ffprobe.js'
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../store/test-postgres.js'

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/kinora.js')
const BUCKET = 'kinora'
const LEASE_SECONDS = 3
const TASKS = 20

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

/** Polls `check` every 100 ms until it returns a value other than undefined or false. */
async function until<T>(
  what: string,
  seconds: number,
  check: () => Promise<T | undefined | false>,
) {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(TEST_DATABASE_URL === undefined)('scale-out with real processes', () => {
  let db: TestSchema
  let s3: TestS3Server
  let dir: string
  let pool: pg.Pool
  let base: string
  let port: number
  let api: ChildProcess
  const children: ChildProcess[] = []

  beforeAll(async () => {
    db = await createTestSchema()
    s3 = await startS3rver([BUCKET])
    dir = await mkdtemp(join(tmpdir(), 'kinora-scale-out-'))
    pool = new pg.Pool({ connectionString: db.url, max: 2 })
    port = await freePort()
    base = `http://127.0.0.1:${port}/api/v3/contents/generations/tasks`
    api = await startApi()
  })
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await once(child, 'exit')
      }
    }
    await pool?.end()
    await db?.drop()
    await s3?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** `kinora <args>` as a child process on the shared PostgreSQL schema and bucket. */
  const start = (args: string[]): ChildProcess => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        KINORA_DATABASE_URL: db.url,
        KINORA_BLOB_URL: `s3://${BUCKET}?endpoint=${s3.endpoint}&region=us-east-1&forcePathStyle=true`,
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        KINORA_SECRET: 'scale-out-test',
        KINORA_LEASE_SECONDS: String(LEASE_SECONDS),
        KINORA_HEARTBEAT_MS: '300',
        KINORA_ENCODER_PRESET: 'ultrafast',
        KINORA_LOG_LEVEL: 'warn',
        // The pinned SDK works on Node 20; its notice about future releases is noise here.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    children.push(child)
    return child
  }

  /** The API process (`serve --no-worker`), once it answers /healthz. */
  const startApi = async (): Promise<ChildProcess> => {
    const child = start([
      'serve',
      '--no-worker',
      '--port',
      String(port),
      '--data-dir',
      join(dir, 'api'),
    ])
    await until('the API', 30, () =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    )
    return child
  }

  const kill = async (child: ChildProcess) => {
    child.kill('SIGKILL')
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
  }

  /** Object keys in the bucket, optionally under a prefix. */
  const listKeys = async (prefix?: string): Promise<string[]> => {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    })
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))
      return (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []))
    } finally {
      client.destroy()
    }
  }

  const taskRow = async (id: string) =>
    (
      await pool.query<{ status: string; lease_owner: string | null; attempts: number }>(
        'SELECT status, lease_owner, attempts FROM tasks WHERE id = $1',
        [id],
      )
    ).rows[0]

  /** Creates a text-to-video task through the API and returns its id. */
  const create = async (text: string, seed: number, resolution = '480p'): Promise<string> => {
    const response = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'seedance-2.0',
        content: [{ type: 'text', text }],
        resolution,
        ratio: '16:9',
        duration: 4,
        generate_audio: false,
        seed,
      }),
    })
    expect(response.status).toBe(200)
    return ((await response.json()) as { id: string }).id
  }

  /** Waits until a worker process renders one of `ids` (the worker's pid is in its lease). */
  const renderedBy = (worker: ChildProcess, ids?: string[]) =>
    until(`worker ${worker.pid} to be rendering`, 60, async () => {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM tasks WHERE status = 'running' AND lease_owner LIKE $1
           AND progress BETWEEN 1 AND 80 AND ($2::text[] IS NULL OR id = ANY($2))`,
        [`%:${worker.pid}:%`, ids ?? null],
      )
      return rows[0]?.id
    })

  it('finishes every task once on two workers, one of them killed mid-render', async () => {
    const doomed = start(['worker', '--data-dir', join(dir, 'worker-1')])
    const survivor = start(['worker', '--data-dir', join(dir, 'worker-2')])
    const ids: string[] = []
    for (let i = 0; i < TASKS; i++) ids.push(await create(`a lighthouse at dusk, take ${i}`, i))

    const victim = await renderedBy(doomed)
    doomed.kill('SIGKILL')
    await once(doomed, 'exit')

    // Its lease runs out and a sweeper puts the task back, or the other worker has it already.
    await until('the lease to run out', LEASE_SECONDS + 5, async () => {
      const row = await taskRow(victim)
      return row?.status !== 'running' || !row.lease_owner?.includes(`:${doomed.pid}:`)
    })

    const settled = await until('every task to settle', 80, async () => {
      const { rows } = await pool.query<{ id: string; status: string; attempts: number }>(
        `SELECT id, status, attempts FROM tasks ORDER BY id`,
      )
      return rows.every((r) => r.status !== 'queued' && r.status !== 'running') && rows
    })
    expect(settled.map((r) => r.status)).toEqual(ids.map(() => 'succeeded'))
    // One start per task, two for the one whose worker died: nothing ran twice.
    expect(Object.fromEntries(settled.map((r) => [r.id, r.attempts]))).toEqual(
      Object.fromEntries(ids.map((id) => [id, id === victim ? 2 : 1])),
    )

    expect((await listKeys()).sort()).toEqual(ids.map((id) => `tasks/${id}/video.mp4`).sort())

    const task = (await (await fetch(`${base}/${victim}`)).json()) as {
      status: string
      content: { video_url: string }
    }
    const video = await fetch(task.content.video_url)
    expect(video.status).toBe(200)
    const path = join(dir, 'victim.mp4')
    await writeFile(path, Buffer.from(await video.arrayBuffer()))
    const probed = await probe(path, { countFrames: true })
    expect(probed.streams.find((s) => s.codecType === 'video')).toMatchObject({
      width: 864,
      height: 496,
      frames: 96,
    })

    survivor.kill('SIGTERM')
    const [code] = await once(survivor, 'exit')
    expect(code).toBe(0)
  }, 150_000)

  it('hands a running task back on SIGTERM, for another worker to finish', async () => {
    const stopping = start(['worker', '--data-dir', join(dir, 'worker-3')])
    const id = await create('a storm over the sea at night', 1, '1080p')
    await renderedBy(stopping, [id])
    stopping.kill('SIGTERM')
    const [code] = await once(stopping, 'exit')
    expect(code).toBe(0)
    // The interrupted start does not count against the task's attempts.
    expect(await taskRow(id)).toEqual({ status: 'queued', lease_owner: null, attempts: 0 })

    start(['worker', '--data-dir', join(dir, 'worker-4')])
    const row = await until('the task to finish', 60, async () => {
      const r = await taskRow(id)
      return r?.status !== 'queued' && r?.status !== 'running' && r
    })
    expect(row).toEqual({ status: 'succeeded', lease_owner: null, attempts: 1 })
  }, 90_000)

  it('loses and duplicates nothing when everything is killed with tasks queued and running', async () => {
    const worker = start(['worker', '--data-dir', join(dir, 'worker-5')])
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push(await create(`a quiet harbour, restart ${i}`, 100 + i))
    const running = await renderedBy(worker, ids)
    await Promise.all([kill(worker), kill(api)])

    api = await startApi()
    start(['worker', '--data-dir', join(dir, 'worker-6')])
    const settled = await until('every task to settle after the restart', 90, async () => {
      const rows = await Promise.all(ids.map(taskRow))
      return rows.every((r) => r?.status === 'succeeded' || r?.status === 'failed') && rows
    })
    expect(settled.map((r) => r?.status)).toEqual(ids.map(() => 'succeeded'))
    expect(settled.map((r) => r?.attempts)).toEqual(ids.map((id) => (id === running ? 2 : 1)))
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM tasks WHERE id = ANY($1)`,
      [ids],
    )
    expect(Number(rows[0]?.n)).toBe(ids.length)
    for (const id of ids) expect(await listKeys(`tasks/${id}/`)).toEqual([`tasks/${id}/video.mp4`])
  }, 150_000)
})
