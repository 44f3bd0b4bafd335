import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
afterEach(() => kinora?.dispose())

/**
 * Opens a raw connection, sends `head` at once, then `text` one byte every `everyMs` until the
 * server closes the connection. Resolves with what the server answered and how many bytes of
 * `text` had gone out by then.
 */
function drip(port: number, head: string, text: string, everyMs: number) {
  return new Promise<{ answer: string; sent: number }>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    let answer = ''
    let sent = 0
    let timer: NodeJS.Timeout | undefined
    socket.on('connect', () => {
      socket.write(head)
      timer = setInterval(() => {
        if (sent < text.length && socket.writable) socket.write(text[sent++]!)
      }, everyMs)
    })
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answer, sent })
    })
  })
}

describe('slow clients', () => {
  it('drops a client that drips its headers, with a 408 envelope, while serving others', async () => {
    kinora = await openTestKinora({ port: 0, headersTimeoutSeconds: 1, requestTimeoutSeconds: 2 })
    const base = await kinora.listen()
    const port = Number(new URL(base).port)
    const headers =
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'z'.repeat(40) + '\r\n\r\n'
    const slow = drip(port, '', headers, 200)
    // Served on another connection while the slow one is still dripping.
    const healthy = await fetch(`${base}/healthz`)
    expect(healthy.status).toBe(200)
    const { answer, sent } = await slow
    expect(sent).toBeLessThan(headers.length)
    const [head, body] = answer.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(head).toMatch(/\r\nConnection: close\r\n/i)
    expect(JSON.parse(body!)).toEqual({
      error: { code: 'RequestTimeout', message: expect.any(String), type: 'RequestTimeout' },
    })
  })

  it('drops a client that drips its body past the request timeout', async () => {
    kinora = await openTestKinora({ port: 0, headersTimeoutSeconds: 1, requestTimeoutSeconds: 2 })
    const base = await kinora.listen()
    const port = Number(new URL(base).port)
    const payload = JSON.stringify({
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'x'.repeat(60) }],
    })
    const request =
      'POST /api/v3/contents/generations/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`
    const { answer, sent } = await drip(port, request, payload, 200)
    expect(sent).toBeLessThan(payload.length)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(await kinora.queue.depth()).toBe(0)
  })
})
