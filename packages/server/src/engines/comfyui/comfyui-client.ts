import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { internal } from '../../lib/app-error.js'
import {
  retryableStatus,
  upstreamDownload,
  upstreamRequest,
  withRetries,
} from '../upstream-request.js'
import type { ApiGraph } from './workflow-template.js'

/** A file ComfyUI made or keeps (protocols.md B): fetched with `/view`. */
export interface FileRef {
  filename: string
  subfolder: string
  type: string
}

const queueItem = z.array(z.unknown()).min(2)
const queueAnswer = z.object({
  queue_running: z.array(queueItem),
  queue_pending: z.array(queueItem),
})

const historyEntry = z.object({
  status: z.object({
    status_str: z.string(),
    completed: z.boolean(),
    messages: z.array(z.tuple([z.string(), z.record(z.string(), z.unknown())])),
  }),
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())),
})

export type HistoryEntry = z.infer<typeof historyEntry>

const nodeError = z.object({
  class_type: z.string().optional(),
  errors: z.array(z.object({ message: z.string(), details: z.string().optional() })),
})
const promptRefusal = z.object({
  error: z.union([z.string(), z.object({ message: z.string(), details: z.string().optional() })]),
  node_errors: z.record(z.string(), nodeError).optional(),
})

/** Why ComfyUI refused a graph (protocols.md A.1), per node, in one line. */
function describeRefusal(json: unknown): string {
  const parsed = promptRefusal.safeParse(json)
  if (!parsed.success) return 'it gave no reason'
  const { error, node_errors: nodes = {} } = parsed.data
  const head = typeof error === 'string' ? error : error.message
  const perNode = Object.entries(nodes).flatMap(([id, n]) =>
    n.errors.map(
      (e) =>
        `node ${id} (${n.class_type ?? '?'}): ${e.message}${e.details ? `: ${e.details}` : ''}`,
    ),
  )
  return [head, ...perNode].join('; ')
}

/**
 * The HTTP side of one ComfyUI server (protocols.md A): queue, uploads, prompts, history, files,
 * interrupts. Failures are engine faults naming the server; 408, 429 and 5xx are retried.
 */
export function createComfyuiClient(base: string, retryBaseMs: number) {
  const root = base.replace(/\/+$/, '')
  const service = `the ComfyUI server ${root}`
  const call = (
    path: string,
    signal: AbortSignal,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    withRetries(
      async () => {
        const answer = await upstreamRequest(service, `${root}${path}`, { ...init, signal })
        if (answer.status >= 200 && answer.status < 300) return answer
        if (!retryableStatus(answer.status)) return answer
        throw internal(`${service} answered HTTP ${answer.status} to ${path}`, { retryable: true })
      },
      { tries: 3, baseMs: retryBaseMs, signal },
    )
  const fail = (path: string, status: number) =>
    internal(`${service} answered HTTP ${status} to ${path}`)

  return {
    root,
    /** Prompt ids running and waiting (`GET /queue`). */
    async queue(signal: AbortSignal): Promise<{ running: string[]; pending: string[] }> {
      const answer = await call('/queue', signal)
      const parsed = queueAnswer.safeParse(answer.json)
      if (!parsed.success) throw fail('/queue', answer.status)
      const ids = (items: unknown[][]) => items.map((item) => String(item[1]))
      return { running: ids(parsed.data.queue_running), pending: ids(parsed.data.queue_pending) }
    },
    /** Uploads a local file as an input (`POST /upload/image`); resolves how loaders name it. */
    async upload(path: string, name: string, signal: AbortSignal): Promise<string> {
      const boundary = `kinora${randomBytes(12).toString('hex')}`
      const field = (key: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${name}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        await readFile(path),
        Buffer.from(
          `\r\n${field('type', 'input')}${field('subfolder', 'kinora')}${field('overwrite', 'true')}--${boundary}--\r\n`,
        ),
      ])
      const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` }
      const answer = await call('/upload/image', signal, { method: 'POST', body, headers })
      const parsed = z
        .object({ name: z.string(), subfolder: z.string().default('') })
        .safeParse(answer.json)
      if (answer.status !== 200 || !parsed.success) throw fail('/upload/image', answer.status)
      const { name: stored, subfolder } = parsed.data
      return subfolder ? `${subfolder}/${stored}` : stored
    },
    /** Queues a graph (`POST /prompt`) under our own ids; a refusal names the failing nodes. */
    async submit(
      graph: ApiGraph,
      ids: { clientId: string; promptId: string },
      signal: AbortSignal,
    ) {
      const body = { prompt: graph, client_id: ids.clientId, prompt_id: ids.promptId }
      const answer = await call('/prompt', signal, { method: 'POST', body })
      if (answer.status === 200) return
      if (answer.status === 400) {
        throw internal(`${service} refused the workflow: ${describeRefusal(answer.json)}`)
      }
      throw fail('/prompt', answer.status)
    },
    /** The finished prompt's record (`GET /history/{id}`); undefined while queued or running. */
    async history(promptId: string, signal: AbortSignal): Promise<HistoryEntry | undefined> {
      const answer = await call(`/history/${encodeURIComponent(promptId)}`, signal)
      if (answer.status !== 200) throw fail('/history', answer.status)
      const entry = (answer.json as Record<string, unknown> | undefined)?.[promptId]
      if (entry === undefined) return undefined
      const parsed = historyEntry.safeParse(entry)
      if (!parsed.success) throw internal(`${service} sent a history record Kinora cannot read`)
      return parsed.data
    },
    /** Downloads an output (`GET /view`). */
    download(ref: FileRef, path: string, signal: AbortSignal): Promise<void> {
      const query = new URLSearchParams({
        filename: ref.filename,
        subfolder: ref.subfolder,
        type: ref.type,
      })
      return upstreamDownload(service, `${root}/view?${query}`, path, signal)
    },
    /**
     * Stops a prompt: interrupts it when it runs, removes it when it waits. Best effort with its
     * own deadline, since the task's signal is already aborted.
     */
    async cancel(promptId: string): Promise<void> {
      const signal = AbortSignal.timeout(10_000)
      try {
        const { running } = await this.queue(signal)
        if (running.includes(promptId)) {
          await call('/interrupt', signal, { method: 'POST', body: { prompt_id: promptId } })
        } else {
          await call('/queue', signal, { method: 'POST', body: { delete: [promptId] } })
        }
      } catch {
        // The server is gone or busy; the prompt ends there on its own.
      }
    },
  }
}

export type ComfyuiClient = ReturnType<typeof createComfyuiClient>
