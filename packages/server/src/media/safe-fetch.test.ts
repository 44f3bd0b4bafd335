import { createServer as createTcpServer, type Server as TcpServer } from 'node:net'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { downloadToFile } from './download-to-file.js'
import { MB } from './media-limits.js'
import { safeFetch, type SafeFetchOptions } from './safe-fetch.js'
import { startLoopbackServer, type LoopbackServer } from './test-loopback-server.js'

const param = 'content[1].image_url.url'
const base: SafeFetchOptions = { param, maxBytes: MB, connectTimeoutMs: 1000, idleTimeoutMs: 1000 }
const PRIVATE = /private, loopback or link-local address; use a URL on a public host/

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  const app = err as AppError
  expect(app.param).toBe(param)
  expect(app.message.startsWith(`${param}: `)).toBe(true)
  return app
}

const text = (res: { body: NodeJS.ReadableStream }) =>
  new Response(res.body as unknown as ReadableStream).text()

let canary: LoopbackServer
let dir: string
beforeAll(async () => {
  canary = await startLoopbackServer()
  dir = await mkdtemp(join(tmpdir(), 'kinora-fetch-'))
})
afterAll(async () => {
  await canary.close()
  await rm(dir, { recursive: true, force: true })
})

describe('safeFetch address policy', () => {
  const loopbackForms = [
    'http://127.0.0.1:PORT/',
    'http://localhost:PORT/',
    'http://[::1]:PORT/',
    'http://2130706433:PORT/',
    'http://0x7f000001:PORT/',
    'http://0x7f.1:PORT/',
    'http://017700000001:PORT/',
    'http://127.1:PORT/',
    'http://[::ffff:127.0.0.1]:PORT/',
  ]

  it.each([...loopbackForms, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/'])(
    'refuses %s and never connects',
    async (form) => {
      const before = canary.hits.length
      const err = await failure(safeFetch(form.replace('PORT', String(canary.port)), base))
      expect(err.message).toMatch(PRIVATE)
      expect(err.retryable).toBe(false)
      expect(canary.hits.length).toBe(before)
    },
  )

  it('reaches the canary through the IPv4 forms once private addresses are allowed', async () => {
    // The control for the test above: these URLs really do point at the canary.
    const v4 = loopbackForms.filter((f) => !f.includes('[::1]'))
    const before = canary.hits.length
    for (const form of v4) {
      const res = await safeFetch(form.replace('PORT', String(canary.port)), {
        ...base,
        allowPrivate: true,
      })
      expect(await text(res)).toBe('canary')
    }
    expect(canary.hits.length - before).toBe(v4.length)
  })

  it('refuses a public-looking host name that resolves to loopback, without naming the address', async () => {
    const before = canary.hits.length
    const lookup = async () => [{ address: '127.0.0.1', family: 4 }]
    const err = await failure(
      safeFetch(`http://media.example.com:${canary.port}/a.png`, { ...base, lookup }),
    )
    expect(err.message).toMatch(/media\.example\.com resolves to a private/)
    expect(err.message).not.toContain('127.0.0.1')
    expect(canary.hits.length).toBe(before)
  })

  it('refuses a host name when any one of its addresses is private', async () => {
    const before = canary.hits.length
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]
    const err = await failure(
      safeFetch(`http://rebind.example.com:${canary.port}/`, { ...base, lookup }),
    )
    expect(err.message).toMatch(PRIVATE)
    expect(canary.hits.length).toBe(before)
  })

  it.each(['ftp://example.com/a.png', 'file:///etc/passwd', 'gopher://example.com/'])(
    'refuses the non-http URL %s',
    async (url) => {
      const err = await failure(safeFetch(url, base))
      expect(err.message).toMatch(/only http and https can be fetched/)
    },
  )

  it('refuses a URL that is not a URL, quoting it', async () => {
    const err = await failure(safeFetch('not a url', base))
    expect(err.message).toBe(`${param}: "not a url", which is not a valid URL`)
  })
})

describe('safeFetch redirects', () => {
  let hops: LoopbackServer
  beforeAll(async () => {
    hops = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const n = Number(url.pathname.split('/')[2])
      const to = Number(url.searchParams.get('to'))
      if (url.pathname === '/to-canary') {
        res.writeHead(302, { location: `http://127.0.0.1:${canary.port}/stolen` }).end()
      } else if (url.pathname === '/to-localhost') {
        res.writeHead(301, { location: `http://localhost:${canary.port}/stolen` }).end()
      } else if (url.pathname === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' }).end()
      } else if (url.pathname === '/to-other-origin') {
        res.writeHead(307, { location: `http://127.0.0.1:${canary.port}/next` }).end()
      } else if (n < to) {
        res.writeHead(302, { location: `${n + 1}?to=${to}` }).end()
      } else res.end(`arrived at ${n}`)
    })
  })
  afterAll(() => hops.close())

  /** Allows exactly the redirecting server, so every other hop meets the real policy's refusal. */
  const onlyHops = () => ({
    ...base,
    isAllowedAddress: (_ip: string, port: number) => port === hops.port,
  })

  it.each(['/to-canary', '/to-localhost'])(
    'refuses a redirect from an allowed server to loopback (%s)',
    async (path) => {
      const before = canary.hits.length
      const err = await failure(safeFetch(`${hops.origin}${path}`, onlyHops()))
      expect(err.message).toBe(
        `${param}: it redirects to a host that is a private, loopback or link-local address; use a URL on a public host`,
      )
      expect(hops.hits.at(-1)).toBe(path)
      expect(canary.hits.length).toBe(before)
    },
  )

  it('refuses a redirect to a file: URL', async () => {
    const err = await failure(safeFetch(`${hops.origin}/to-file`, onlyHops()))
    expect(err.message).toMatch(/it redirects to a file: URL; only http and https/)
  })

  it('follows five relative redirects and reports the final URL', async () => {
    const res = await safeFetch(`${hops.origin}/hop/0?to=5`, onlyHops())
    expect(await text(res)).toBe('arrived at 5')
    expect(res.finalUrl).toBe(`${hops.origin}/hop/5?to=5`)
  })

  it('refuses a sixth redirect', async () => {
    const err = await failure(safeFetch(`${hops.origin}/hop/0?to=6`, onlyHops()))
    expect(err.message).toBe(`${param}: could not be fetched: more than 5 redirects`)
    expect(hops.hits.at(-1)).toBe('/hop/5?to=6')
  })

  it('drops credentials when a redirect leaves the origin', async () => {
    const seen: (string | undefined)[] = []
    const other = await startLoopbackServer((req, res) => {
      seen.push(req.headers.authorization)
      res.end('ok')
    })
    const from = await startLoopbackServer((_req, res) =>
      res.writeHead(302, { location: `${other.origin}/` }).end(),
    )
    try {
      const res = await safeFetch(`${from.origin}/`, {
        ...base,
        allowPrivate: true,
        headers: { Authorization: 'Bearer secret' },
      })
      expect(await text(res)).toBe('ok')
      expect(seen).toEqual([undefined])
    } finally {
      await Promise.all([other.close(), from.close()])
    }
  })
})

describe('safeFetch limits', () => {
  let server: LoopbackServer
  let tcp: TcpServer
  let tcpPort: number
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/big-declared') {
        res.writeHead(200, { 'content-length': 2 * MB }).end(Buffer.alloc(2 * MB))
      } else if (req.url === '/big-chunked') {
        res.write(Buffer.alloc(MB))
        res.end(Buffer.alloc(MB))
      } else if (req.url === '/stall-body') {
        res.writeHead(200, { 'content-length': 1000 })
        res.write('only the start')
      } else if (req.url === '/stall-headers') {
        // never answers
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': 1000 })
        res.write('only the start', () => res.destroy())
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end('not really gzip')
      } else if (req.url === '/missing') {
        res.writeHead(404).end()
      } else if (req.url === '/down') {
        res.writeHead(503).end()
      } else res.writeHead(200, { 'content-type': 'image/png' }).end('fake png bytes')
    })
    // Accepts TCP and never speaks TLS: an https handshake that hangs.
    tcp = createTcpServer((socket) => socket.resume().on('error', () => undefined))
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve))
    tcpPort = (tcp.address() as { port: number }).port
  })
  afterAll(async () => {
    await server.close()
    await new Promise((resolve) => tcp.close(resolve))
  })
  const open = { ...base, allowPrivate: true }

  it('refuses a body whose declared length is over the cap before reading it', async () => {
    const err = await failure(safeFetch(`${server.origin}/big-declared`, open))
    expect(err.message).toBe(`${param}: the file is 2 MB, larger than 1 MB`)
  })

  it('stops reading an undeclared body at the cap and removes the partial file', async () => {
    const path = join(dir, 'big.bin')
    const err = await failure(downloadToFile(`${server.origin}/big-chunked`, path, open))
    expect(err.message).toBe(`${param}: the download is larger than 1 MB`)
    await expect(stat(path)).rejects.toThrow(/ENOENT/)
  })

  it('gives up on a server that stalls in the middle of the body', async () => {
    const started = Date.now()
    const err = await failure(
      downloadToFile(`${server.origin}/stall-body`, join(dir, 'stall.bin'), {
        ...open,
        idleTimeoutMs: 300,
      }),
    )
    expect(err.message).toBe(`${param}: could not be fetched: the server sent nothing for 0.3 s`)
    expect(err.retryable).toBe(true)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('times out a body nobody reads, recording the error on it instead of crashing', async () => {
    const res = await safeFetch(`${server.origin}/stall-body`, { ...open, idleTimeoutMs: 100 })
    await new Promise((resolve) => res.body.once('close', resolve))
    expect(res.body.errored?.message).toMatch(/the server sent nothing for 0.1 s/)
  }, 5000)

  it('gives up on a server that never answers', async () => {
    const err = await failure(
      safeFetch(`${server.origin}/stall-headers`, { ...open, idleTimeoutMs: 300 }),
    )
    expect(err.message).toMatch(/the server sent nothing for 0.3 s/)
  })

  it('gives up on a TLS handshake that never completes', async () => {
    const err = await failure(
      safeFetch(`https://127.0.0.1:${tcpPort}/`, { ...open, connectTimeoutMs: 300 }),
    )
    expect(err.message).toBe(`${param}: could not be fetched: no connection within 0.3 s`)
  })

  it('reports a connection cut before the declared length arrived', async () => {
    const err = await failure(downloadToFile(`${server.origin}/cut`, join(dir, 'cut.bin'), open))
    expect(err.message).toMatch(/could not be fetched: the connection broke off/)
  })

  it('refuses an encoded body, since the cap must count real bytes', async () => {
    const err = await failure(safeFetch(`${server.origin}/gzip`, open))
    expect(err.message).toMatch(/sent a gzip-encoded body/)
  })

  it.each([
    ['/missing', 404, false],
    ['/down', 503, true],
  ])('refuses %s answering HTTP %i (retryable: %s)', async (path, status, retryable) => {
    const err = await failure(downloadToFile(`${server.origin}${path}`, join(dir, 'x.bin'), open))
    expect(err.message).toBe(`${param}: could not be fetched: the server answered HTTP ${status}`)
    expect(err.retryable).toBe(retryable)
  })

  it('downloads to a file and reports size, type and final URL', async () => {
    const path = join(dir, 'ok.png')
    const got = await downloadToFile(`${server.origin}/ok.png`, path, open)
    expect(got).toEqual({
      bytes: 14,
      contentType: 'image/png',
      finalUrl: `${server.origin}/ok.png`,
    })
    expect(await readFile(path, 'utf8')).toBe('fake png bytes')
  })

  it('stops with the signal reason when aborted', async () => {
    const controller = new AbortController()
    const reason = new Error('task cancelled')
    setTimeout(() => controller.abort(reason), 50)
    await expect(
      safeFetch(`${server.origin}/stall-headers`, { ...open, signal: controller.signal }),
    ).rejects.toBe(reason)
  })
})
