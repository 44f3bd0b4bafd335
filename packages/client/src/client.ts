import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  KinoraError,
} from './errors.js'
import { Assets } from './resources/assets.js'
import { Files } from './resources/files.js'
import { Models } from './resources/models.js'
import { Tasks } from './resources/tasks.js'
import { type Backoff, isRetryableStatus, retryDelay } from './retry-delay.js'
import { sleep } from './sleep.js'

/** Settings of a {@link Kinora} client; every one has a working default. */
export interface ClientOptions {
  /**
   * The server root, such as `https://kinora.example.com`; the client adds `/api/v3` (a trailing
   * `/api/v3`, as Seedance SDKs are configured, is accepted too). Default `KINORA_BASE_URL`, else
   * `http://127.0.0.1:8080`.
   */
  baseURL?: string
  /** Sent as `Authorization: Bearer …`. Default `KINORA_API_KEY`; none for a keyless local server. */
  apiKey?: string
  /** Milliseconds one attempt may take, answer body included. Default 60 000. */
  timeout?: number
  /** Retries after a 408, 429, 5xx, connection error or timeout. Default 2. */
  maxRetries?: number
  /** The `fetch` to send requests with, e.g. one routed to an in-process server. Default global. */
  fetch?: typeof fetch
  /** Backoff between retries when the server sends no `Retry-After`. Default 500 ms doubling to 8 s. */
  backoff?: Partial<Backoff>
}

/** Per-call settings every method accepts. */
export interface RequestOptions {
  /** Aborts the call, retries and waits included, with {@link APIUserAbortError}. */
  signal?: AbortSignal
  /** Overrides the client's `timeout` for this call. */
  timeout?: number
}

/** One call of the JSON API, relative to `/api/v3`. Resources build these; apps rarely need to. */
export interface APIRequest extends RequestOptions {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  query?: URLSearchParams
  body?: unknown
  headers?: Record<string, string>
}

/** An answer with its body read, so the timeout covers the transfer too. */
interface Reply {
  response: Response
  body: Uint8Array
}

/** Reads the environment only where there is one (Node, Deno, Bun), never in a browser. */
function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  return proc?.env?.[name] || undefined
}

/**
 * The Kinora client (spec §1-2): holds the transport policy (base URL, key, timeout, retries with
 * backoff) and exposes the API as resources: `tasks`, `models`, `files`, `assets` (spec §3).
 *
 * @example
 * const kinora = new Kinora()
 * const { id } = await kinora.tasks.create({ model: 'seedance-2.0', content: [{ type: 'text', text: 'a red kite' }] })
 * const task = await kinora.tasks.wait(id, { onProgress: (t) => console.log(t.progress) })
 */
export class Kinora {
  readonly baseURL: string
  readonly apiKey: string | undefined
  readonly timeout: number
  readonly maxRetries: number
  readonly tasks: Tasks
  readonly models: Models
  readonly files: Files
  readonly assets: Assets
  readonly #fetch: typeof fetch
  readonly #backoff: Backoff

  constructor(options: ClientOptions = {}) {
    const baseURL = options.baseURL ?? env('KINORA_BASE_URL') ?? 'http://127.0.0.1:8080'
    this.baseURL = baseURL.replace(/\/+$/, '').replace(/\/api\/v3$/, '')
    this.apiKey = options.apiKey ?? env('KINORA_API_KEY')
    this.timeout = options.timeout ?? 60_000
    this.maxRetries = options.maxRetries ?? 2
    this.#backoff = { initial: 500, max: 8000, ...options.backoff }
    const fetchFn = options.fetch ?? globalThis.fetch
    if (typeof fetchFn !== 'function') {
      throw new KinoraError('No global fetch here: pass one as new Kinora({ fetch })')
    }
    // Bound, because a browser's fetch throws "Illegal invocation" when called as a method.
    this.#fetch = fetchFn.bind(globalThis)
    this.tasks = new Tasks(this)
    this.models = new Models(this)
    this.files = new Files(this)
    this.assets = new Assets(this)
  }

  /** Sends one JSON API call with the client's key and retry policy; resolves to the parsed answer. */
  async request<T>(req: APIRequest): Promise<T> {
    const url = new URL(`${this.baseURL}/api/v3${req.path}`)
    if (req.query) url.search = req.query.toString()
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers }
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`
    const init: RequestInit = { method: req.method, headers }
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(req.body)
    }
    const text = new TextDecoder().decode(await this.send(url.href, init, req))
    try {
      return JSON.parse(text) as T
    } catch (cause) {
      throw new KinoraError(
        `${req.method} ${url.pathname} answered ${JSON.stringify(text.slice(0, 200))}, not JSON`,
        { cause },
      )
    }
  }

  /**
   * Fetches `url` with the retry policy and returns the answer's body; an error status throws the
   * {@link APIError} subclass for it. Adds no headers: callers decide what to send where.
   */
  async send(url: string, init: RequestInit, options: RequestOptions = {}): Promise<Uint8Array> {
    for (let attempt = 0; ; attempt++) {
      let result: Reply
      try {
        result = await this.#attempt(url, init, options)
      } catch (error) {
        if (!(error instanceof APIConnectionError) || attempt >= this.maxRetries) throw error
        await sleep(retryDelay(attempt, undefined, this.#backoff), options.signal)
        continue
      }
      const { response, body } = result
      if (response.ok) return body
      if (!isRetryableStatus(response.status) || attempt >= this.maxRetries) {
        const text = new TextDecoder().decode(body)
        throw APIError.fromResponse(response.status, response.headers, text)
      }
      await sleep(retryDelay(attempt, response.headers, this.#backoff), options.signal)
    }
  }

  /** One try, bounded by the timeout and the caller's signal, reading the whole body. */
  async #attempt(url: string, init: RequestInit, options: RequestOptions): Promise<Reply> {
    const { signal } = options
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason })
    const timeout = options.timeout ?? this.timeout
    const controller = new AbortController()
    const onAbort = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeout)
    // Raced as well as passed on, so a fetch that ignores its signal (or a body stream that
    // stalls) still honours the timeout and the caller's abort.
    const aborted = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
        once: true,
      })
    })
    try {
      const response = await Promise.race([
        this.#fetch(url, { ...init, signal: controller.signal }),
        aborted,
      ])
      return {
        response,
        body: new Uint8Array(await Promise.race([response.arrayBuffer(), aborted])),
      }
    } catch (cause) {
      if (signal?.aborted) throw new APIUserAbortError({ cause })
      if (timedOut) throw new APIConnectionTimeoutError(timeout, { cause })
      throw new APIConnectionError(`Connection to ${new URL(url).origin} failed`, { cause })
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }
}
