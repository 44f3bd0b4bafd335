import { lookup as dnsLookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import { Transform, type Readable } from 'node:stream'
import { AppError, invalidParameter } from '../lib/app-error.js'
import { fetchFailed, networkError } from './fetch-failed.js'
import { isPublicAddress } from './is-public-address.js'
import { formatBytes, formatSeconds } from './media-limits.js'

export interface ResolvedAddress {
  address: string
  family: number
}

export interface SafeFetchOptions {
  /** The request field the URL came from (`content[1].image_url.url`); every error names it. */
  param: string
  /** Most body bytes accepted; bodies are requested unencoded, so this counts what is stored. */
  maxBytes: number
  /** Connect to private, loopback and link-local addresses too (`KINORA_ALLOW_PRIVATE_URLS`). */
  allowPrivate?: boolean
  /**
   * Replaces the address policy (and `allowPrivate`) for every hop: tests use it to allow exactly
   * their own loopback server and prove that a redirect elsewhere is refused.
   */
  isAllowedAddress?: (address: string, port: number) => boolean
  /** Resolves a host name to all its addresses (default `dns.lookup` with `all`). */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>
  /** Time allowed for TCP connect plus TLS handshake, per address (default 5 s). */
  connectTimeoutMs?: number
  /** Socket inactivity allowed once connected, headers and body alike (default 15 s). */
  idleTimeoutMs?: number
  /** Redirects followed (default 5); each hop is vetted like the first. */
  maxRedirects?: number
  signal?: AbortSignal
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

export interface SafeResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The URL that answered, after redirects. */
  finalUrl: string
  /** The body, failing with an AppError past `maxBytes` or on idle timeout. */
  body: Readable
}

interface Outgoing {
  method: string
  headers: Record<string, string>
  body: string | Buffer | undefined
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization']
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding']
/** Errors raised before a connection existed: the next address of the host may still work. */
const beforeConnect = new WeakSet<object>()

const quote = (text: string) => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text)
const bare = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1')
const seconds = (ms: number) => formatSeconds(ms / 1000)
const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80))

function parseUrl(text: string, param: string, base?: URL): URL {
  const lead = base ? `${param}: it redirects to` : `${param}:`
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    throw invalidParameter(param, `${lead} ${quote(text)}, which is not a valid URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidParameter(
      param,
      `${lead} a ${url.protocol} URL; only http and https can be fetched`,
    )
  }
  if (url.username || url.password) {
    throw invalidParameter(param, `${lead} a URL with a user name or password; use a signed URL`)
  }
  return url
}

async function vet(url: URL, opts: SafeFetchOptions, redirected: boolean) {
  const host = bare(url)
  const family = isIP(host)
  let addresses: ResolvedAddress[]
  if (family) addresses = [{ address: host, family }]
  else {
    try {
      addresses = await (opts.lookup ?? ((h) => dnsLookup(h, { all: true, verbatim: true })))(host)
    } catch (err) {
      const transient = (err as { code?: string }).code === 'EAI_AGAIN'
      throw fetchFailed(opts.param, `the host name ${host} does not resolve`, transient, err)
    }
    opts.signal?.throwIfAborted()
    if (addresses.length === 0) throw fetchFailed(opts.param, `the host ${host} has no address`)
  }
  const allowed =
    opts.isAllowedAddress ?? ((ip: string) => opts.allowPrivate === true || isPublicAddress(ip))
  // Every address must pass, not just the one we would use: a name that mixes public and private
  // answers is an attack, and refusing it keeps the choice of address out of the decision.
  if (addresses.every((a) => allowed(a.address, portOf(url)))) return addresses
  const subject = redirected
    ? 'it redirects to a host that is'
    : `${host} ${family ? 'is' : 'resolves to'}`
  throw invalidParameter(
    opts.param,
    `${opts.param}: ${subject} a private, loopback or link-local address; use a URL on a public host`,
  )
}

/** One request to one vetted address; never resolves a name, so DNS cannot change under us. */
function send(url: URL, target: ResolvedAddress, out: Outgoing, opts: SafeFetchOptions) {
  const { param, maxBytes, signal } = opts
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5_000
  const idleTimeoutMs = opts.idleTimeoutMs ?? 15_000
  const secure = url.protocol === 'https:'
  const host = bare(url)
  return new Promise<SafeResponse>((resolve, reject) => {
    signal?.throwIfAborted()
    let connected = false
    let answered = false
    let received = 0
    const body = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length
        if (received <= maxBytes) return done(null, chunk)
        done(
          invalidParameter(param, `${param}: the download is larger than ${formatBytes(maxBytes)}`),
        )
      },
    })
    // Failures reach readers through pipeline, async iteration or `Response`; without this
    // listener, a body the caller chose not to read would crash the process when it times out.
    body.on('error', () => undefined)
    const req = (secure ? httpsRequest : httpRequest)({
      host: target.address,
      family: target.family,
      port: portOf(url),
      method: out.method,
      path: `${url.pathname}${url.search}`,
      headers: { ...out.headers, host: url.host, 'accept-encoding': 'identity' },
      agent: false,
      // The certificate is checked against the URL's host name, not the address we dialled.
      ...(secure && !isIP(host) ? { servername: host } : {}),
    })
    const fail = (err: unknown) => {
      if (!connected && err instanceof AppError) beforeConnect.add(err)
      cleanup()
      req.destroy()
      if (answered) body.destroy(err as Error)
      else reject(err)
    }
    const slow = fetchFailed(param, `no connection within ${seconds(connectTimeoutMs)}`, true)
    const connectTimer = setTimeout(() => fail(slow), connectTimeoutMs)
    const onAbort = () => fail(signal?.reason)
    const cleanup = () => {
      clearTimeout(connectTimer)
      signal?.removeEventListener('abort', onAbort)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    req.on('socket', (socket: Socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        connected = true
        clearTimeout(connectTimer)
        const idle = `the server sent nothing for ${seconds(idleTimeoutMs)}`
        req.setTimeout(idleTimeoutMs, () => fail(fetchFailed(param, idle, true)))
      })
    })
    req.on('error', (err) => fail(err instanceof AppError ? err : networkError(param, err)))
    req.on('response', (res) => {
      answered = true
      res.on('error', (err) =>
        fail(
          fetchFailed(param, 'the connection broke off before the whole body arrived', true, err),
        ),
      )
      body.on('close', () => {
        cleanup()
        req.destroy()
      })
      res.pipe(body)
      resolve({ status: res.statusCode ?? 0, headers: res.headers, finalUrl: url.href, body })
    })
    req.end(out.body)
  })
}

async function sendToAny(
  url: URL,
  addresses: ResolvedAddress[],
  out: Outgoing,
  opts: SafeFetchOptions,
) {
  let lastError: unknown
  for (const address of addresses) {
    try {
      return await send(url, address, out, opts)
    } catch (err) {
      if (!(err instanceof Object) || !beforeConnect.has(err)) throw err
      lastError = err
    }
  }
  throw lastError
}

const without = (headers: Record<string, string>, names: string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)))

/**
 * The one way Kinora makes an outbound request on a user's behalf: media URLs, callbacks, search
 * (spec §2.4, §2.5). Each hop's host is resolved once and the connection goes to exactly the vetted
 * address, so DNS rebinding between check and connect is impossible; private, loopback,
 * link-local and other special addresses are refused unless `allowPrivate`. Only http(s), at most
 * `maxRedirects` redirects, each vetted again; https never redirects down to http (a callback's
 * signed body or a signed media URL's bytes would travel in clear). Credentials are dropped when a
 * redirect leaves the origin. Bodies are asked for unencoded and a `Content-Encoding` is refused,
 * so `maxBytes` counts real bytes; both checks apply to 2xx answers. Any final status is returned
 * (`downloadToFile` insists on 2xx). Read the body or destroy it: an unread body holds its socket
 * until the idle timeout.
 */
export async function safeFetch(url: string, opts: SafeFetchOptions): Promise<SafeResponse> {
  const maxRedirects = opts.maxRedirects ?? 5
  let current = parseUrl(url, opts.param)
  const headers = Object.fromEntries(
    Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  )
  let out: Outgoing = { method: (opts.method ?? 'GET').toUpperCase(), headers, body: opts.body }
  for (let redirects = 0; ; redirects++) {
    const addresses = await vet(current, opts, redirects > 0)
    const res = await sendToAny(current, addresses, out, opts)
    const location = res.headers.location
    if (!REDIRECTS.has(res.status) || location === undefined) return checked(res, opts)
    res.body.destroy()
    if (redirects >= maxRedirects)
      throw fetchFailed(opts.param, `more than ${maxRedirects} redirects`)
    const next = parseUrl(location, opts.param, current)
    if (current.protocol === 'https:' && next.protocol === 'http:') {
      throw fetchFailed(opts.param, `it redirects from https down to plain http (${next.origin})`)
    }
    if (next.origin !== current.origin)
      out = { ...out, headers: without(out.headers, CREDENTIAL_HEADERS) }
    if (res.status === 303 || (res.status <= 302 && out.method === 'POST')) {
      out = { method: 'GET', headers: without(out.headers, BODY_HEADERS), body: undefined }
    }
    current = next
  }
}

function checked(res: SafeResponse, opts: SafeFetchOptions): SafeResponse {
  if (res.status < 200 || res.status > 299) return res
  const encoding = res.headers['content-encoding']
  const length = Number(res.headers['content-length'] ?? 0)
  let why: string | undefined
  if (encoding !== undefined && encoding !== 'identity') {
    why = `could not be fetched: the server sent a ${encoding}-encoded body; Kinora asks for identity`
  } else if (length > opts.maxBytes) {
    why = `the file is ${formatBytes(length)}, larger than ${formatBytes(opts.maxBytes)}`
  }
  if (why === undefined) return res
  res.body.destroy()
  throw invalidParameter(opts.param, `${opts.param}: ${why}`)
}
