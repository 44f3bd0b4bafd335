import { internal } from '../../lib/app-error.js'
import { sleep } from '../upstream-request.js'
import type { ComfyuiClient, FileRef, HistoryEntry } from './comfyui-client.js'
import type { ApiGraph } from './workflow-template.js'
import { openWebSocket, type WebSocketClient } from './ws-client.js'

/** Nodes whose `progress` events count steps (protocols.md A.7). */
const SAMPLERS = new Set([
  'KSampler',
  'KSamplerAdvanced',
  'SamplerCustom',
  'SamplerCustomAdvanced',
  'MMAudioSampler',
])

const VIDEO_FILE = /\.(mp4|mov|webm|mkv)$/i

export interface FollowOptions {
  ids: { clientId: string; promptId: string }
  graph: ApiGraph
  signal: AbortSignal
  /** Sampling done, 0..1, across every sampler of the graph. */
  onProgress(fraction: number): void
  /** How often `/history` is asked without a socket (five times as seldom with one). */
  pollMs: number
  /** Queues the prompt; called once the socket is open so no event is missed. */
  submit(): Promise<void>
}

/**
 * Runs a prompt to its end (protocols.md A.7): listens on `/ws` with our client id before
 * submitting, turns sampler `progress` into a fraction, and treats `execution_success`,
 * `execution_error`, `execution_interrupted` or `executing {node: null}` as the cue to read
 * `/history`. Events are not buffered and sockets drop, so `/history` is also polled; it answers
 * only once the prompt has finished, whatever the outcome. Resolves that history record.
 */
export async function followPrompt(client: ComfyuiClient, opts: FollowOptions) {
  const { promptId, clientId } = opts.ids
  const samplers = Object.entries(opts.graph)
    .filter(([, node]) => SAMPLERS.has(node.class_type))
    .map(([id]) => id)
  const done = new Map<string, number>()
  const report = () => {
    const sum = [...done.values()].reduce((a, b) => a + b, 0)
    opts.onProgress(samplers.length === 0 ? 0 : sum / samplers.length)
  }
  // An event that says the prompt ended cuts the wait before the next `/history` short.
  let cue = false
  let resolveCue = () => {}
  const wake = () => {
    cue = true
    resolveCue()
  }
  const onText = (text: string) => {
    let event: { type?: string; data?: Record<string, unknown> }
    try {
      event = JSON.parse(text) as typeof event
    } catch {
      return
    }
    const data = event.data ?? {}
    if (data.prompt_id !== promptId) return
    if (
      event.type === 'progress' &&
      typeof data.node === 'string' &&
      samplers.includes(data.node)
    ) {
      const fraction = Number(data.value) / Number(data.max)
      if (Number.isFinite(fraction)) done.set(data.node, Math.min(1, fraction))
      report()
    } else if (event.type === 'execution_cached' && Array.isArray(data.nodes)) {
      for (const id of data.nodes) if (samplers.includes(String(id))) done.set(String(id), 1)
      report()
    } else if (
      event.type === 'execution_success' ||
      event.type === 'execution_error' ||
      event.type === 'execution_interrupted' ||
      (event.type === 'executing' && data.node === null)
    ) {
      wake()
    }
  }
  let socket: WebSocketClient | undefined
  const url = `${client.root.replace(/^http/, 'ws')}/ws?clientId=${encodeURIComponent(clientId)}`
  socket = await openWebSocket(url, {
    onText,
    onClose: () => ((socket = undefined), wake()),
  }).catch(() => undefined)
  try {
    await opts.submit()
    for (;;) {
      if (!cue) {
        const cued = new Promise<void>((resolve) => (resolveCue = resolve))
        await Promise.race([sleep(socket ? opts.pollMs * 5 : opts.pollMs, opts.signal), cued])
      }
      cue = false
      opts.signal.throwIfAborted()
      const entry = await client.history(promptId, opts.signal)
      if (entry) return entry
    }
  } finally {
    socket?.close()
  }
}

/**
 * The video a finished prompt saved, or its failure as an engine fault: a node's exception is
 * named with its node (out-of-memory is retryable), an interrupt nobody at Kinora asked for is
 * retryable, and a run that saved no video is a workflow fault.
 */
export function videoOf(entry: HistoryEntry, promptId: string): FileRef {
  if (entry.status.status_str !== 'success') {
    const [type, data = {}] = entry.status.messages.at(-1) ?? ['', {}]
    if (type === 'execution_error') {
      const message = `${String(data.exception_type ?? 'Error')}: ${String(data.exception_message ?? '').trim()}`
      throw internal(
        `ComfyUI node ${String(data.node_id)} (${String(data.node_type)}) failed: ${message}`,
        { retryable: /out of memory|OutOfMemory/i.test(message) },
      )
    }
    if (type === 'execution_interrupted') {
      throw internal(`ComfyUI prompt ${promptId} was interrupted on the server`, {
        retryable: true,
      })
    }
    throw internal(`ComfyUI prompt ${promptId} ended with status ${entry.status.status_str}`, {
      retryable: true,
    })
  }
  for (const output of Object.values(entry.outputs)) {
    for (const files of Object.values(output)) {
      if (!Array.isArray(files)) continue
      const video = files.find(
        (f): f is FileRef => typeof f?.filename === 'string' && VIDEO_FILE.test(f.filename),
      )
      if (video)
        return {
          filename: video.filename,
          subfolder: video.subfolder ?? '',
          type: video.type ?? 'output',
        }
    }
  }
  throw internal(
    `ComfyUI prompt ${promptId} finished but saved no video; check the workflow's save node`,
  )
}
