import type { FastifyInstance } from 'fastify'

/**
 * A `fetch` that answers from `app.inject` instead of the network: the SDK talks to an in-process
 * Kinora exactly as to a server, with no port opened. Only the path and query of a URL count, so
 * the absolute file links a task carries (built on the configured public URL) work too.
 */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
    const sent: Record<string, string> = {}
    request.headers.forEach((value, name) => (sent[name] = value))
    const res = await app.inject({
      method: request.method as 'GET' | 'POST' | 'DELETE',
      url: `${url.pathname}${url.search}`,
      headers: sent,
      ...(body ? { payload: body } : {}),
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v !== undefined) headers.append(name, String(v))
      }
    }
    const empty = res.statusCode === 204 || res.statusCode === 304 || request.method === 'HEAD'
    return new Response(empty ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers,
    })
  }
}
