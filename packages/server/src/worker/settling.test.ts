import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFsBlobStore } from '../blobs/fs.js'
import type { Engine } from '../engines/engine.js'
import { internal } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { createSqliteQueue } from '../queue/sqlite.js'
import { createSqliteStore, openSqlite } from '../store/sqlite.js'
import { testTask, TEST_PARAMS } from '../store/test-task.js'
import { fileEngine, makeContractClip, outputOf } from './test-fault-kit.js'
import { createWorker } from './worker.js'

/**
 * Settling a task when the database or the lease misbehaves: the worker alone on the real SQLite
 * ports (no sweeper, no heartbeat timer), so that the settling writes are the ones under test.
 */
let dir: string
let clip: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-settling-'))
  clip = await makeContractClip(join(dir, 'clip.mp4'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('settling under database and lease faults', () => {
  it('a database locked by another process past busy_timeout delays settling without spending an attempt', async () => {
    // With no sweeper or heartbeat timer here, the settling writes are the ones meeting the lock.
    const { db, store, queue, blobs } = openPorts('busy')
    let locker: ReturnType<typeof holdWriteLock> | undefined
    const engine = fileEngine(async (_job, workdir, call) => {
      const path = await outputOf(clip, workdir)
      // Another process takes the write lock for longer than busy_timeout (5 s) as the render ends.
      if (call === 1) {
        locker = holdWriteLock(db.name, 7000)
        await locker.locked
      }
      return path
    })
    const worker = createWorker({
      queue,
      store,
      blobs,
      engines: new Map([['draft', engine]]),
      clock: systemClock,
      workerId: 'busy-test',
      concurrency: 1,
      leaseMs: 60_000,
      heartbeatMs: 60_000,
      retryDelayMs: 0,
      pollMs: 50,
      workdirRoot: join(dir, 'busy-work'),
      allowPrivateUrls: false,
      log: { info() {}, warn() {}, error() {} },
    })
    const task = textTask()
    await queue.enqueue(task)
    worker.start()
    try {
      let done = await store.getTask(task.id)
      for (let i = 0; i < 600 && !['succeeded', 'failed'].includes(done!.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        done = await store.getTask(task.id)
      }
      expect(done?.status).toBe('succeeded')
      expect(done?.attempts).toBe(1)
      expect(engine.calls).toBe(1)
      // The loop survived and takes new work.
      const next = textTask()
      await queue.enqueue(next)
      for (let i = 0; i < 600 && (await store.getTask(next.id))?.status !== 'succeeded'; i++)
        await new Promise((resolve) => setTimeout(resolve, 50))
      expect((await store.getTask(next.id))?.status).toBe('succeeded')
    } finally {
      await worker.stop()
      await locker?.done
      await store.close()
    }
  }, 90_000)

  it('a worker that stalled past its lease leaves the task to the worker that took it over', async () => {
    const { store, queue, blobs } = openPorts('stalled')
    let resume = () => {}
    const engine: Engine = {
      name: 'draft',
      async generate() {
        // Stalled (a blocked event loop, a paused process) until the test lets it go on.
        await new Promise<void>((resolve) => (resume = resolve))
        throw internal('The renderer crashed (simulated)', { retryable: true })
      },
    }
    const settled: string[] = []
    const worker = createWorker({
      queue,
      store,
      blobs,
      engines: new Map([['draft', engine]]),
      clock: systemClock,
      workerId: 'stalled',
      concurrency: 1,
      leaseMs: 200,
      heartbeatMs: 60_000,
      retryDelayMs: 0,
      pollMs: 50,
      workdirRoot: join(dir, 'stalled-work'),
      allowPrivateUrls: false,
      log: {
        info: (_o: unknown, msg?: string) => settled.push(String(msg)),
        warn() {},
        error() {},
      },
    })
    const task = textTask()
    await queue.enqueue(task)
    worker.start()
    try {
      while ((await store.getTask(task.id))?.status !== 'running')
        await new Promise((resolve) => setTimeout(resolve, 20))
      await new Promise((resolve) => setTimeout(resolve, 300))
      // The lease ran out: the sweep requeues the task and another worker claims it.
      expect((await queue.recoverStalled(Date.now())).requeued).toEqual([task.id])
      expect((await queue.claim('other', 60_000, Date.now()))?.id).toBe(task.id)
      resume()
      for (let i = 0; i < 100 && !settled.some((m) => m.startsWith('lease lost')); i++) {
        if ((await store.getTask(task.id))?.status !== 'running') break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(await store.getTask(task.id)).toMatchObject({
        status: 'running',
        leaseOwner: 'other',
        error: null,
      })
    } finally {
      await worker.stop()
      await store.close()
    }
  })
})

const require = createRequire(import.meta.url)

/** The embedded ports on a fresh database and blob folder, without the rest of Kinora. */
function openPorts(name: string) {
  const db = openSqlite(join(dir, `${name}.db`))
  return {
    db,
    store: createSqliteStore(db),
    queue: createSqliteQueue(db),
    blobs: createFsBlobStore({
      root: join(dir, `${name}-blobs`),
      secret: 's',
      publicUrl: () => '',
    }),
  }
}

/** A queued 480p 16:9 4 s text-to-video task without audio, claimable now. */
function textTask() {
  return testTask({
    createdAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
    params: {
      ...TEST_PARAMS,
      mode: 'text',
      media: [],
      resolution: '480p',
      ratio: '16:9',
      duration: 4,
      generateAudio: false,
      returnLastFrame: false,
      tools: [],
      callbackUrl: null,
      omniReferenceTaskType: null,
    },
  })
}

/** A separate process holding SQLite's write lock on `path` for `ms`. */
function holdWriteLock(path: string, ms: number) {
  const script = `
    const Database = require(process.argv[1])
    const db = new Database(process.argv[2])
    db.exec('BEGIN EXCLUSIVE')
    process.stdout.write('locked\\n')
    setTimeout(() => { db.exec('COMMIT'); db.close() }, Number(process.argv[3]))`
  const child = spawn(
    process.execPath,
    ['-e', script, require.resolve('better-sqlite3'), path, `${ms}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return {
    locked: new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve())
      child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)))
    }),
    done: new Promise((resolve) => child.once('exit', resolve)),
  }
}
