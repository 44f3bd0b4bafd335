// Scale-out benchmark (run by `npm run bench` after the render benchmark).
//
// On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, each run in
// its own schema) and s3rver on loopback, with `kinora serve --no-worker` and `kinora worker`
// processes as in production:
//   throughput – 480p 4 s clips (audio on, veryfast) finished per minute with 1 and 2 workers,
//                and their ratio (2 cores: the two workers share them);
//   polls      – GET task requests per second against the API process, with p50 and p99.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { clipBody } from './lib/clip-body.js'
import { freePort, until } from './lib/processes.js'

const require = createRequire(import.meta.url)
const S3rver = require('s3rver')
const BIN = new URL('../packages/server/bin/kinora.js', import.meta.url).pathname
const DATABASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const CLIPS = Number(process.env.BENCH_CLIPS ?? 6)
const POLL_SECONDS = 5
const POLL_CONCURRENCY = 16

async function admin(sql) {
  const client = new pg.Client({ connectionString: DATABASE })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

async function run(workers) {
  const schema = `kinora_bench_${randomBytes(4).toString('hex')}`
  await admin(`CREATE SCHEMA ${schema}`)
  const url = new URL(DATABASE)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const dir = await mkdtemp(join(tmpdir(), 'kinora-bench-'))
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 's3'),
    configureBuckets: [{ name: 'kinora' }],
  })
  const { port: s3Port } = await s3.run()
  const env = {
    ...process.env,
    KINORA_DATABASE_URL: url.href,
    KINORA_BLOB_URL: `s3://kinora?endpoint=http://127.0.0.1:${s3Port}&region=us-east-1&forcePathStyle=true`,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    KINORA_SECRET: 'bench',
    KINORA_LOG_LEVEL: 'warn',
    KINORA_MODERATION_IMAGES: '0',
  }
  const children = []
  const start = (args) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    children.push(child)
    return child
  }
  const port = await freePort()
  const base = `http://127.0.0.1:${port}/api/v3/contents/generations/tasks`
  start(['serve', '--no-worker', '--port', String(port), '--data-dir', join(dir, 'api')])
  await until(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok), 60)
  try {
    const ids = []
    for (let i = 0; i < CLIPS; i++) {
      const res = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: clipBody(i),
      })
      ids.push((await res.json()).id)
    }
    const started = performance.now()
    for (let w = 0; w < workers; w++) start(['worker', '--data-dir', join(dir, `worker-${w}`)])
    await until(async () => {
      const tasks = await Promise.all(ids.map((id) => fetch(`${base}/${id}`).then((r) => r.json())))
      if (tasks.some((t) => t.status === 'failed')) throw new Error('a task failed')
      return tasks.every((t) => t.status === 'succeeded')
    }, 600)
    const minutes = (performance.now() - started) / 60_000
    const polls = workers === 1 ? await pollLoad(`${base}/${ids[0]}`) : undefined
    return { perMinute: CLIPS / minutes, polls }
  } finally {
    for (const child of children) {
      child.kill('SIGKILL')
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
    }
    s3.httpServer.closeAllConnections()
    await s3.close()
    await admin(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`)
    await rm(dir, { recursive: true, force: true })
  }
}

/** Concurrent GETs of one task for a fixed time: requests per second and latency percentiles. */
async function pollLoad(url) {
  const latencies = []
  const deadline = performance.now() + POLL_SECONDS * 1000
  await Promise.all(
    Array.from({ length: POLL_CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now()
        const res = await fetch(url)
        await res.arrayBuffer()
        latencies.push(performance.now() - t)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  return { perSecond: latencies.length / POLL_SECONDS, p50: at(0.5), p99: at(0.99) }
}

const reachable = await admin('SELECT 1').then(
  () => true,
  () => false,
)
if (!reachable) {
  console.log(`\nscale-out: skipped, no PostgreSQL at ${DATABASE} (set BENCH_DATABASE_URL)`)
} else {
  const one = await run(1)
  const two = await run(2)
  console.log(`\nscale-out on PostgreSQL + s3rver, ${CLIPS} clips of 480p 4 s each:`)
  console.table([
    { workers: 1, 'clips/min': one.perMinute.toFixed(1) },
    {
      workers: 2,
      'clips/min': two.perMinute.toFixed(1),
      'ratio to 1': (two.perMinute / one.perMinute).toFixed(2),
    },
  ])
  const p = one.polls
  console.log(
    `API polls (GET task, ${POLL_CONCURRENCY} concurrent, ${POLL_SECONDS} s): ` +
      `${p.perSecond.toFixed(0)} req/s, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms`,
  )
}
