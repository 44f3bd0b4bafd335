import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface S3rverInstance {
  run(): Promise<AddressInfo>
  close(): Promise<void>
  httpServer: Server
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance

/** s3rver's fixed credentials: it accepts only these keys. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** A running s3rver (an S3 implementation on disk) on loopback, for tests. */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string
  /** `METHOD /path?query` of every request served, oldest first. */
  requests: string[]
  close(): Promise<void>
}

/**
 * Starts s3rver on 127.0.0.1 and a free port, storing in a fresh temporary folder, with `buckets`
 * created. s3rver has no type declarations, hence the require.
 */
export async function startS3rver(buckets: string[]): Promise<TestS3Server> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass
  const directory = await mkdtemp(join(tmpdir(), 'kinora-s3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  })
  const { port } = await server.run()
  const requests: string[] = []
  server.httpServer.on('request', (req: IncomingMessage) =>
    requests.push(`${req.method} ${req.url}`),
  )
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      // Clients keep connections alive; close() alone would wait for them to time out.
      server.httpServer.closeAllConnections()
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}
