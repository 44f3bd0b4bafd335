import type { Task } from './types.js'

/** A request as the fake fetch saw it. */
export interface Call {
  url: URL
  method: string
  headers: Headers
  body: string | undefined
}

/** One scripted answer; it may wait on the request's signal, as a real fetch does. */
export type Answer = (call: Call, signal: AbortSignal) => Response | Promise<Response>

/**
 * A `fetch` that records every call and answers from a script, one answer per call; the last one
 * repeats. Injected through the client's public `fetch` option.
 */
export function fakeFetch(...answers: Answer[]) {
  const calls: Call[] = []
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const call: Call = {
      url: new URL(String(input)),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
    }
    calls.push(call)
    const answer = answers[Math.min(calls.length, answers.length) - 1]
    if (!answer) throw new Error('fakeFetch has no answers')
    const signal = init.signal ?? new AbortController().signal
    signal.throwIfAborted()
    return answer(call, signal)
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

/** Answers JSON with a status and headers. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })

/** The spec's error envelope with a status. */
export const apiError = (
  status: number,
  code: string,
  headers: Record<string, string> = {},
  param?: string,
): Answer =>
  json(
    status,
    { error: { code, message: `${code} happened`, type: 'T', ...(param ? { param } : {}) } },
    headers,
  )

/** Never answers; rejects like a real fetch when the request is aborted. */
export const hang: Answer = (_call, signal) =>
  new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })

/** Fails like a real fetch whose connection was refused. */
export const refuse: Answer = () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  })
}

/** A queued task on the wire, with `overrides`. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 'cgt-20261125160057-6bbjd',
    model: 'seedance-2.0',
    status: 'queued',
    progress: 0,
    error: null,
    created_at: 1795622457,
    updated_at: 1795622457,
    seed: 7,
    resolution: '720p',
    ratio: '16:9',
    duration: 5,
    framespersecond: 24,
    generate_audio: true,
    watermark: false,
    return_last_frame: false,
    omni_reference_task_type: null,
    execution_expires_after: 172800,
    priority: 0,
    ...overrides,
  }
}
