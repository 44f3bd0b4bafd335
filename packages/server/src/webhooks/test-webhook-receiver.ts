import type { IncomingHttpHeaders } from 'node:http'
import { Webhook } from 'standardwebhooks'
import { startLoopbackServer, type LoopbackServer } from '../media/test-loopback-server.js'

export interface ReceivedCallback {
  headers: IncomingHttpHeaders
  body: string
  /** The payload `standardwebhooks` returned, or null when verification threw. */
  payload: unknown
  /** The verification error's message, or null when the signature was good. */
  refused: string | null
  /** What the receiver answered. */
  answered: number
}

export interface WebhookReceiver extends LoopbackServer {
  received: ReceivedCallback[]
  /** The signing secret it verifies with. */
  secret: string
}

/**
 * A callback receiver on loopback that verifies every request with the `standardwebhooks` package
 * (what a user's service would do) and answers from `answers` in turn (then 200), each after
 * `delayMs`, so tests can make it fail first or answer slowly.
 */
export async function startWebhookReceiver(
  secret: string,
  opts: { answers?: number[]; delayMs?: number } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedCallback[] = []
  const answers = [...(opts.answers ?? [])]
  const verifier = new Webhook(secret)
  const server = await startLoopbackServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const headers = req.headers
      let payload: unknown = null
      let refused: string | null = null
      try {
        payload = verifier.verify(body, headers as Record<string, string>)
      } catch (err) {
        refused = (err as Error).message
      }
      const answered = answers.shift() ?? 200
      received.push({ headers, body, payload, refused, answered })
      setTimeout(() => {
        res.writeHead(answered, { 'content-type': 'text/plain' })
        res.end(answered < 300 ? 'ok' : 'nope')
      }, opts.delayMs ?? 0)
    })
  })
  return Object.assign(server, { received, secret })
}
