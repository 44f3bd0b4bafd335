import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LoopbackServer {
  port: number
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** Every request's path, in arrival order, over IPv4 and (where available) IPv6 loopback. */
  hits: string[]
  close(): Promise<void>
}

const listen = (server: Server, host: string, port: number) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })

/**
 * An HTTP server on 127.0.0.1 (and ::1 on the same port when the host has IPv6) for tests of
 * outbound requests. The default handler is a canary: it answers `canary` and the test asserts on
 * `hits`, so a request that should never have been made is caught.
 */
export async function startLoopbackServer(
  handler: RequestListener = (_req, res) => res.end('canary'),
): Promise<LoopbackServer> {
  const hits: string[] = []
  const onRequest: RequestListener = (req, res) => {
    hits.push(req.url ?? '')
    handler(req, res)
  }
  const v4 = createServer(onRequest)
  await listen(v4, '127.0.0.1', 0)
  const { port } = v4.address() as AddressInfo
  const servers = [v4]
  const v6 = createServer(onRequest)
  await listen(v6, '::1', port).then(
    () => servers.push(v6),
    () => undefined,
  )
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits,
    async close() {
      for (const server of servers) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
    },
  }
}
