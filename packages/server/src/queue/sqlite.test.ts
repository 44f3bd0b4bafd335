import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createSqliteStore, openSqlite, type SqliteDatabase } from '../store/sqlite.js'
import { T0, testTask } from '../store/test-task.js'
import { createSqliteQueue } from './sqlite.js'
import { describeQueue } from './test-describe-queue.js'

describeQueue('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-queue-'))
  const path = join(dir, 'kinora.db')
  const db = openSqlite(path)
  const others: SqliteDatabase[] = []
  return {
    queue: createSqliteQueue(db),
    store: createSqliteStore(db),
    async openAnother() {
      const other = openSqlite(path)
      others.push(other)
      return createSqliteQueue(other)
    },
    async cleanup() {
      for (const other of others) other.close()
      db.close()
      await rm(dir, { recursive: true })
    },
  }
})

/**
 * Each thread loads test-claim-all.ts through vite (the test runner's own dependency, which
 * compiles TypeScript), then waits at a shared gate so that all of them claim at the same time,
 * and once more after its first claim, so that every thread is sure to claim while the others do
 * (on a loaded machine one thread could otherwise drain the queue before another got the CPU).
 */
const THREAD = `
const { parentPort, workerData: w } = require('node:worker_threads')
;(async () => {
  const { runnerImport } = await import(w.vite)
  const { module } = await runnerImport(w.helper, { configFile: false, logLevel: 'silent' })
  const gate = new Int32Array(w.gate)
  // Waits for every thread (at most 10 s, so a thread that failed cannot hang the others).
  const meet = (at) => {
    Atomics.add(gate, at, 1)
    Atomics.notify(gate, at)
    const until = Date.now() + 10000
    for (let n = Atomics.load(gate, at); n < w.threads && Date.now() < until; n = Atomics.load(gate, at)) {
      Atomics.wait(gate, at, n, until - Date.now())
    }
  }
  meet(0)
  parentPort.postMessage({ ids: await module.claimAll(w.path, w.id, w.now, () => meet(1)) })
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack) }))
`

function claimInThreads(path: string, threads: number): Promise<string[][]> {
  const gate = new SharedArrayBuffer(8)
  const common = {
    vite: import.meta.resolve('vite'),
    helper: fileURLToPath(new URL('./test-claim-all.ts', import.meta.url)),
    gate,
    threads,
    path,
    now: T0,
  }
  return Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const worker = new Worker(THREAD, { eval: true, workerData: { ...common, id: `t${i}` } })
      return new Promise<string[]>((resolve, reject) => {
        worker.once('error', reject)
        worker.once('message', (m: { ids?: string[]; error?: string }) => {
          void worker.terminate()
          if (m.ids) resolve(m.ids)
          else reject(new Error(m.error))
        })
      })
    }),
  )
}

describe('sqlite queue across processes', () => {
  it('never lets threads with their own connections claim the same task', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kinora-queue-'))
    try {
      const path = join(dir, 'kinora.db')
      const db = openSqlite(path)
      const queue = createSqliteQueue(db)
      const made = new Set<string>()
      for (let i = 0; i < 400; i++) {
        const task = testTask({ priority: i % 4 })
        await queue.enqueue(task)
        made.add(task.id)
      }
      db.close()
      const claims = await claimInThreads(path, 4)
      const all = claims.flat()
      expect(all).toHaveLength(made.size)
      expect(new Set(all)).toEqual(made)
      // Every thread took work, so the claims did contend.
      expect(claims.filter((ids) => ids.length > 0)).toHaveLength(4)
    } finally {
      await rm(dir, { recursive: true })
    }
  })
})
