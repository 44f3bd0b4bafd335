import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NODES, checkGraph } from './test-comfyui-nodes.js'
import { fakeOutput, parseMultipart } from './test-fake-output.js'
import { acceptKey, createFrameReader, encodeFrame, OPCODE } from './ws-frames.js'

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>
interface Prompt {
  id: string
  number: number
  clientId: string
  graph: Graph
  interrupted: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const SAMPLERS = new Set(['KSamplerAdvanced', 'MMAudioSampler'])

export interface FakeComfyuiOptions {
  /** Installed model files by folder. */
  models: Record<string, string[]>
  /** Pause between sampler steps (a cancel test makes it long). */
  stepMs?: number
}

/**
 * A ComfyUI server on loopback for tests (protocols.md A "fake-server minimum"): `/prompt`,
 * `/queue`, `/interrupt`, `/history/{id}`, `/view`, `/upload/image`, `/object_info/{c}`,
 * `/system_stats`, and `/ws` playing the event sequence of a run. Prompts run one at a time and
 * save a real mp4 at the graph's size, frame count and rate (sound from MMAudio comes out 44.1 kHz
 * and short, as the real one does at 16 fps). Scripts: HTTP answers, a node that raises, dropped
 * sockets. Every request is checked against what the real server requires (no Origin, canonical
 * prompt ids, a socket opened before submitting, valid graphs, masked client frames); faults land
 * in `violations`, which tests expect to stay empty.
 */
export async function startFakeComfyui(opts: FakeComfyuiOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'fake-comfyui-'))
  const outputDir = join(dir, 'output')
  const violations: string[] = []
  const requests: string[] = []
  const uploads = new Map<string, Buffer>()
  const graphs: Graph[] = []
  const history = new Map<string, unknown>()
  const pending: Prompt[] = []
  let running: Prompt | undefined
  const sockets = new Map<string, Socket>()
  const script = {
    /** Answers given instead of handling the next requests to a path. */
    answers: [] as { path: string; status: number }[],
    /** The class of a node that raises in the next prompt, and its exception. */
    raise: undefined as { classType: string; message: string; type: string } | undefined,
    /** Close every socket once the next prompt starts. */
    dropSockets: false,
    /** Other users' prompts `/queue` reports waiting. */
    busy: 0,
  }
  let counter = 0

  const json = (res: ServerResponse, status: number, body?: unknown) =>
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(body === undefined ? '' : JSON.stringify(body))
  const emit = (clientId: string, type: string, data: Record<string, unknown>) =>
    sockets
      .get(clientId)
      ?.write(encodeFrame(OPCODE.text, Buffer.from(JSON.stringify({ type, data })), false))
  const queueItem = (p: Prompt) => [p.number, p.id, p.graph, { client_id: p.clientId }, ['14']]
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  async function execute(p: Prompt) {
    const messages: [string, Record<string, unknown>][] = []
    const event = (type: string, data: Record<string, unknown>, keep = true) => {
      const full = { ...data, prompt_id: p.id, ...(keep ? { timestamp: Date.now() } : {}) }
      if (keep) messages.push([type, full])
      emit(p.clientId, type, full)
    }
    const finish = (status: string, outputs: Record<string, unknown> = {}) => {
      event('executing', { node: null, display_node: null }, false)
      history.set(p.id, {
        prompt: queueItem(p),
        outputs,
        status: { status_str: status, completed: status === 'success', messages },
        meta: {},
      })
    }
    event('execution_start', {})
    if (script.dropSockets) for (const s of sockets.values()) s.destroy()
    event('execution_cached', { nodes: [] })
    const ids = Object.keys(p.graph).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    let outputs: Record<string, unknown> = {}
    for (const id of ids) {
      const node = p.graph[id]!
      event('executing', { node: id, display_node: id }, false)
      if (script.raise?.classType === node.class_type) {
        const { message, type } = script.raise
        script.raise = undefined
        event('execution_error', {
          node_id: id,
          node_type: node.class_type,
          executed: [],
          exception_message: message,
          exception_type: type,
          traceback: [],
          current_inputs: {},
          current_outputs: {},
        })
        return finish('error')
      }
      const steps = SAMPLERS.has(node.class_type) ? Math.min(4, Number(node.inputs.steps)) : 0
      for (let value = 1; value <= steps; value++) {
        for (let t = 0; t < (opts.stepMs ?? 5) && !p.interrupted; t += 5) await wait(5)
        if (p.interrupted) {
          event('execution_interrupted', { node_id: id, node_type: node.class_type, executed: [] })
          return finish('error')
        }
        emit(p.clientId, 'progress', { value, max: steps, prompt_id: p.id, node: id })
      }
      if (NODES[node.class_type]?.output) {
        const ref = await fakeOutput(p.graph, String(node.inputs.filename_prefix), outputDir)
        const output = { images: [ref], animated: [true] }
        outputs = { [id]: output }
        event('executed', { node: id, display_node: id, output }, false)
      }
    }
    event('execution_success', {})
    finish('success', outputs)
  }

  async function drain() {
    if (running) return
    while ((running = pending.shift())) {
      await execute(running).catch((err: unknown) => violations.push(`fake failed: ${String(err)}`))
    }
  }

  function submit(body: Record<string, unknown>, res: ServerResponse) {
    const id = String(body.prompt_id)
    const clientId = String(body.client_id)
    if (!UUID.test(id)) {
      violations.push(`prompt_id ${id} is not a canonical lowercase uuid`)
      return json(res, 400, {
        error: {
          type: 'invalid_prompt_id',
          message: 'Invalid prompt_id',
          details: '',
          extra_info: {},
        },
        node_errors: {},
      })
    }
    if (!sockets.has(clientId))
      violations.push(`prompt submitted before a socket for client ${clientId}`)
    const graph = body.prompt as Graph
    const check = checkGraph(graph, { models: opts.models, uploads: new Set(uploads.keys()) })
    violations.push(...check.violations)
    if (Object.keys(check.nodeErrors).length > 0) {
      const first = Object.values(check.nodeErrors)[0]!.errors[0]!
      const error = {
        type: 'prompt_outputs_failed_validation',
        message: 'Prompt outputs failed validation',
        details: first.details,
        extra_info: {},
      }
      return json(res, 400, { error, node_errors: check.nodeErrors })
    }
    graphs.push(graph)
    pending.push({ id, number: counter++, clientId, graph, interrupted: false })
    json(res, 200, { prompt_id: id, number: counter - 1, node_errors: {} })
    void drain()
  }

  function upload(req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const form = parseMultipart(req.headers['content-type'], body)
    const file = form?.files.image
    if (!form || !file) {
      violations.push('upload without a multipart image part')
      return res.writeHead(400).end()
    }
    const subfolder = form.fields.subfolder ?? ''
    if ((form.fields.type ?? 'input') !== 'input') violations.push(`upload of ${form.fields.type}`)
    uploads.set(subfolder ? `${subfolder}/${file.filename}` : file.filename, file.bytes)
    json(res, 200, { name: file.filename, subfolder, type: 'input' })
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const path = url.pathname.replace(/^\/api(?=\/)/, '')
    requests.push(`${req.method} ${path}`)
    if (req.headers.origin) {
      violations.push(`${path} sent an Origin header`)
      return res.writeHead(403).end()
    }
    const scripted = script.answers.findIndex((a) => a.path === path)
    if (scripted >= 0) return json(res, script.answers.splice(scripted, 1)[0]!.status, {})
    const parsed = () => JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>
    if (req.method === 'POST' && path === '/prompt') return submit(parsed(), res)
    if (req.method === 'POST' && path === '/upload/image') return upload(req, body, res)
    if (path === '/queue' && req.method === 'GET') {
      return json(res, 200, {
        queue_running: running ? [queueItem(running)] : [],
        queue_pending: [
          ...pending.map(queueItem),
          ...Array.from({ length: script.busy }, (_, i) => [1000 + i, `other-${i}`, {}, {}, []]),
        ],
      })
    }
    if (path === '/queue' && req.method === 'POST') {
      const { delete: ids } = parsed()
      if (!Array.isArray(ids)) violations.push('POST /queue without a delete list')
      else pending.splice(0, pending.length, ...pending.filter((p) => !ids.includes(p.id)))
      return res.writeHead(200).end()
    }
    if (path === '/interrupt' && req.method === 'POST') {
      const { prompt_id } = parsed()
      if (running && (prompt_id === undefined || prompt_id === running.id))
        running.interrupted = true
      return res.writeHead(200).end()
    }
    if (path.startsWith('/history/')) {
      const id = decodeURIComponent(path.slice('/history/'.length))
      return json(res, 200, history.has(id) ? { [id]: history.get(id) } : {})
    }
    if (path === '/view') {
      const param = (k: string) => url.searchParams.get(k) ?? ''
      const [filename, subfolder, type] = [param('filename'), param('subfolder'), param('type')]
      if (!filename || filename.startsWith('/') || filename.includes('..'))
        return res.writeHead(400).end()
      if (type !== 'output' || subfolder.includes('..'))
        violations.push(`/view of ${type} ${subfolder}`)
      return readFile(join(outputDir, subfolder, filename)).then(
        (bytes) => res.writeHead(200, { 'content-type': 'video/mp4' }).end(bytes),
        () => res.writeHead(404).end(),
      )
    }
    if (path.startsWith('/object_info/')) {
      const cls = path.slice('/object_info/'.length)
      return json(
        res,
        200,
        NODES[cls]
          ? { [cls]: { input: { required: NODES[cls].required }, output: NODES[cls].outputs } }
          : {},
      )
    }
    if (path === '/system_stats')
      return json(res, 200, { system: { comfyui_version: 'fake' }, devices: [] })
    json(res, 404, {})
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        violations.push(`fake failed: ${String(err)}`)
        res.writeHead(500).end()
      })
    })
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const key = String(req.headers['sec-websocket-key'])
    const clientId = url.searchParams.get('clientId')
    if (url.pathname !== '/ws' || req.headers['sec-websocket-version'] !== '13' || !clientId) {
      violations.push(`bad WebSocket upgrade ${req.url} ${JSON.stringify(req.headers)}`)
      return socket.destroy()
    }
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    )
    sockets.set(clientId, socket)
    socket.on('close', () => sockets.get(clientId) === socket && sockets.delete(clientId))
    socket.on('error', () => undefined)
    socket.on(
      'data',
      createFrameReader((frame) => {
        if (!frame.masked) violations.push('a client frame was not masked')
        if (frame.opcode === OPCODE.close)
          socket.end(encodeFrame(OPCODE.close, frame.payload, false))
      }),
    )
    emit(clientId, 'status', {
      status: { exec_info: { queue_remaining: pending.length } },
      sid: clientId,
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    requests,
    uploads,
    script,
    /** The graphs queued, in order. */
    graphs,
    async close() {
      for (const s of sockets.values()) s.destroy()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export type FakeComfyui = Awaited<ReturnType<typeof startFakeComfyui>>
