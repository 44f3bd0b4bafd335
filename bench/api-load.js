// API load benchmark (issue 10): the embedded default (SQLite, local blobs) as `kinora serve`
// runs it, driven by autocannon over loopback. Every phase is bounded in time.
//
//   create   – POST /tasks (text-to-video, 480p) from BENCH_CREATE_CONNECTIONS connections;
//              goal >= 500 req/s with p99 <= 150 ms; measured again once 10 000 are queued.
//   poll     – GET /tasks/{id} from BENCH_POLL_CONNECTIONS connections, first with one task in
//              the database, then with at least 10 000 queued; goal >= 3 000 req/s with
//              p99 <= 50 ms, and 10 000 queued tasks must not slow polls.
//   render   – the same polls while the in-process worker renders a default task (720p, 5 s,
//              audio, output moderation: `kinora serve` with no settings), then while a
//              `kinora worker` process on the same machine renders it, from the moment the task
//              is created; non-2xx are counted (the overload guard answers 503 when the event
//              loop lags), and so is the longest block of the API process's event loop during
//              the polls (bench/loop-gaps.js, loaded into each server with `node --import`).
//
// The API process of the first phases runs with no worker (`serve --no-worker`) so that they
// measure the API alone, with 2000 API keys of 2000 projects made beforehand: creates take the keys
// in turn, so that every create is a real one under the default quota (120 queued per project),
// not a cheap 429, and every request pays for authentication as in production. The per-key rate
// limit is off (KINORA_RATE_LIMIT=0). Logging stays at the default level (info), stdout discarded.
// BENCH_API_SECONDS sets the length of each timed phase (default 10); BENCH_PHASES picks phases
// (a comma list of api, render, worker; default all three); BENCH_PROFILE=1 writes CPU profiles
// of each server (node --cpu-prof: one per thread, the main thread's with the lowest thread id)
// into bench/tmp-profiles/<phase>/; BENCH_LOGS=<folder> keeps each server's log there.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { openSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { hashKey, newApiKey } from '../packages/server/dist/http/auth.js'
import { createSqliteStore, openSqlite } from '../packages/server/dist/store/sqlite.js'
import { clipBody } from './lib/clip-body.js'
import { freePort, until } from './lib/processes.js'

const BIN = new URL('../packages/server/bin/kinora.js', import.meta.url).pathname
const LOOP_GAPS = new URL('./loop-gaps.js', import.meta.url).href
const PROFILES = new URL('./tmp-profiles/', import.meta.url).pathname
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10)
const CREATE_CONNECTIONS = Number(process.env.BENCH_CREATE_CONNECTIONS ?? 16)
const POLL_CONNECTIONS = Number(process.env.BENCH_POLL_CONNECTIONS ?? 32)
const QUEUED = 10_000
/**
 * Projects the creates go to in turn: 2000 × the default quota of 120 leaves room for 240 000,
 * above what two timed create phases reach on an idle 2-core machine (about 4000 a second).
 */
const PROJECTS = 2000
const PROFILE = process.env.BENCH_PROFILE === '1'
/** A folder for each server's log (its stdout); discarded when unset. */
const LOGS = process.env.BENCH_LOGS
const PHASES = new Set((process.env.BENCH_PHASES ?? 'api,render,worker').split(','))
const TASKS = '/api/v3/contents/generations/tasks'

const GOALS = {
  create: { rps: 500, p99: 150 },
  poll: { rps: 3000, p99: 50 },
}

/**
 * `kinora serve` on a fresh data folder; resolves once it answers /healthz. `block(from, to)`: the
 * longest event-loop block (ms) that ended between those epoch milliseconds.
 */
async function serve(dir, args, name) {
  const port = await freePort()
  const gaps = `${dir}-loop.log`
  const child = spawn(
    process.execPath,
    [
      '--import',
      LOOP_GAPS,
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILES, name)}`] : []),
      BIN,
      'serve',
      '--port',
      String(port),
      '--data-dir',
      dir,
      ...args,
    ],
    {
      env: { ...process.env, KINORA_RATE_LIMIT: '0', BENCH_LOOP_LOG: gaps },
      stdio: ['ignore', LOGS ? openSync(join(LOGS, `${name}.log`), 'w') : 'ignore', 'inherit'],
    },
  )
  const base = `http://127.0.0.1:${port}`
  await until(() => fetch(`${base}/healthz`).then((r) => r.ok), 60)
  return {
    base,
    async block(from, to) {
      const lines = (await readFile(gaps, 'utf8').catch(() => '')).split('\n')
      return lines
        .map((line) => line.split(' ').map(Number))
        .filter(([at]) => at >= from && at <= to)
        .reduce((max, [, ms]) => Math.max(max, ms), 0)
    },
    async stop() {
      // SIGTERM: a clean exit, so that --cpu-prof writes its profile.
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

/** A task as `kinora serve` renders it with no settings: 720p, 5 s, audio, output moderation. */
const renderBody = JSON.stringify({
  model: 'seedance-2.0',
  content: [{ type: 'text', text: 'a lighthouse on a cliff at sunset, waves crashing' }],
})

/** `kinora worker` on `dir` (the data folder of a `serve --no-worker`). */
function startWorker(dir) {
  return spawn(process.execPath, [BIN, 'worker', '--data-dir', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

async function create(base, payload, headers = {}) {
  const res = await fetch(`${base}${TASKS}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  })
  if (res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`)
  return (await res.json()).id
}

/** autocannon against one endpoint; the figures of the run. */
async function load(opts) {
  const result = await autocannon({ ...(opts.amount ? {} : { duration: SECONDS }), ...opts })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    /** Non-2xx answers by status, e.g. `429×3`. */
    codes: Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}×${count}`)
      .join(' '),
    errors: result.errors + result.timeouts,
  }
}

const polls = (base, id, headers = {}) =>
  load({ url: `${base}${TASKS}/${id}`, connections: POLL_CONNECTIONS, headers })

/**
 * Creates from CREATE_CONNECTIONS connections, each request with the next key in turn, so that
 * no project reaches its quota; for a timed phase, or `amount` requests untimed.
 */
function creates(base, keys, opts = {}) {
  let next = 0
  return load({
    url: `${base}${TASKS}`,
    connections: CREATE_CONNECTIONS,
    requests: [
      {
        method: 'POST',
        path: TASKS,
        headers: { 'content-type': 'application/json' },
        body: clipBody(1),
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${keys[next++ % keys.length]}` },
        }),
      },
    ],
    ...opts,
  })
}

/** The queue depth, from /metrics. */
async function queueDepth(base) {
  const text = await (await fetch(`${base}/metrics`)).text()
  return Number(/^kinora_queue_depth\S* (\d+)/m.exec(text)?.[1] ?? NaN)
}

/** `count` projects with one key each, made in the data folder before the server starts. */
async function createProjects(dataDir, count) {
  await mkdir(dataDir, { recursive: true })
  const store = createSqliteStore(openSqlite(join(dataDir, 'kinora.db')))
  const keys = []
  for (let i = 0; i < count; i++) {
    const secret = newApiKey()
    await store.createApiKey({
      id: `bench-${i}`,
      projectId: `bench-${i}`,
      hash: hashKey(secret),
      createdAt: Date.now(),
    })
    keys.push(secret)
  }
  await store.close()
  return keys
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-api-bench-'))
  if (PROFILE) await mkdir(PROFILES, { recursive: true })
  const rows = []
  try {
    if (PHASES.has('api')) {
      // API alone, with keys of PROJECTS projects at the default quota of 120 queued each.
      const keys = await createProjects(join(dir, 'api'), PROJECTS)
      const api = await serve(join(dir, 'api'), ['--no-worker'], 'api')
      const auth = { authorization: `Bearer ${keys[0]}` }
      const first = await create(api.base, clipBody(0), auth)
      await load({ url: `${api.base}${TASKS}/${first}`, headers: auth, duration: 3 }) // warm-up
      rows.push({
        name: 'poll, 1 task stored',
        goal: GOALS.poll,
        ...(await polls(api.base, first, auth)),
      })
      rows.push({
        name: `create (480p text-to-video, ${PROJECTS} keys in turn)`,
        goal: GOALS.create,
        ...(await creates(api.base, keys)),
      })
      let queued = await queueDepth(api.base)
      // Top up, untimed, to the queue depth of the next phases.
      if (queued < QUEUED) await creates(api.base, keys, { amount: QUEUED - queued })
      queued = await queueDepth(api.base)
      const depth = queued.toLocaleString('en')
      rows.push({
        name: `poll, ${depth} queued`,
        goal: GOALS.poll,
        ...(await polls(api.base, first, auth)),
      })
      rows.push({
        name: `create, ${depth} queued before`,
        goal: GOALS.create,
        ...(await creates(api.base, keys)),
      })
      await api.stop()
    }

    if (PHASES.has('render')) {
      // The embedded default with its worker (no keys, no settings): polls while a task renders.
      const full = await serve(join(dir, 'full'), [], 'render')
      const rendering = await create(full.base, renderBody)
      const during = await pollsWhileRendering(full, rendering)
      rows.push({
        name: `poll while a 720p render runs in-process (${during.after})`,
        goal: GOALS.poll,
        ...during,
      })
      await full.stop()
    }

    if (PHASES.has('worker')) {
      // The same on the same machine with the render in its own process (`kinora worker`).
      const split = await serve(join(dir, 'split'), ['--no-worker'], 'split')
      const worker = startWorker(join(dir, 'split'))
      const apart = await create(split.base, renderBody)
      const beside = await pollsWhileRendering(split, apart)
      rows.push({
        name: `poll while a 720p render runs in a kinora worker process (${beside.after})`,
        goal: GOALS.poll,
        ...beside,
      })
      worker.kill('SIGKILL')
      await once(worker, 'exit')
      await split.stop()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  print(rows)
}

/**
 * Polls of a task from the moment it is created, so that they see all of its render: the
 * soundtrack, the frames and output moderation. `after` says how far it got, `block` is the
 * server's longest event-loop block meanwhile.
 */
async function pollsWhileRendering(server, id) {
  const { base } = server
  const state = async () => (await fetch(`${base}${TASKS}/${id}`)).json()
  const from = Date.now()
  const figures = await polls(base, id)
  const block = await server.block(from, Date.now())
  const task = await state()
  return { ...figures, block, after: `${task.status} at ${task.progress} % after` }
}

function print(rows) {
  console.log(
    `\nAPI load: kinora serve (SQLite, local blobs) and autocannon on loopback, ${availableParallelism()} CPUs, ${SECONDS} s per phase\n`,
  )
  console.log(
    '| phase | connections | req/s | p50 | p99 | non-2xx | errors | max loop block | goal |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const r of rows) {
    const met = r.rps >= r.goal.rps && r.p99 <= r.goal.p99 && r.non2xx === 0 && r.errors === 0
    const connections = r.goal === GOALS.create ? CREATE_CONNECTIONS : POLL_CONNECTIONS
    const block = r.block === undefined ? '' : `${r.block} ms`
    console.log(
      `| ${r.name} | ${connections} | ${Math.round(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${r.non2xx}${r.codes ? ` (${r.codes})` : ''} | ${r.errors} | ${block} | ≥ ${r.goal.rps} req/s, p99 ≤ ${r.goal.p99} ms: ${met ? 'met' : 'missed'} |`,
    )
  }
  if (PROFILE) console.log(`\nCPU profiles in ${PROFILES}`)
}

await main()
