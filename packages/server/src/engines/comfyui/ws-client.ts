import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { acceptKey, createFrameReader, encodeFrame, OPCODE } from './ws-frames.js'

/** An open WebSocket that delivers text messages; binary ones (previews) are dropped. */
export interface WebSocketClient {
  close(): void
}

/**
 * Opens a WebSocket (RFC 6455) with Node's own http: Node 20 has no WebSocket client without a
 * flag, and only text events are needed. `url` is ws(s)://…; no `Origin` is sent (ComfyUI refuses
 * a foreign one). Rejects when the upgrade fails or takes longer than `timeoutMs`; afterwards
 * `onClose` tells of the end, however it came.
 */
export function openWebSocket(
  url: string,
  handlers: { onText(text: string): void; onClose(): void },
  timeoutMs = 10_000,
): Promise<WebSocketClient> {
  const target = new URL(url)
  const secure = target.protocol === 'wss:'
  const key = randomBytes(16).toString('base64')
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': key,
        'sec-websocket-version': '13',
      },
      timeout: timeoutMs,
    })
    req.on('timeout', () => req.destroy(new Error(`no WebSocket upgrade within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.on('response', (res) => {
      res.resume()
      reject(new Error(`the server answered HTTP ${res.statusCode} instead of a WebSocket`))
    })
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) {
        socket.destroy()
        return reject(new Error('the server answered the WebSocket upgrade with a wrong key'))
      }
      socket.setTimeout(0)
      resolve(attach(socket, head, handlers))
    })
    req.end()
  })
}

function attach(
  socket: Socket,
  head: Buffer,
  handlers: { onText(text: string): void; onClose(): void },
): WebSocketClient {
  let message: Buffer[] = []
  let messageOpcode: number = OPCODE.text
  let closed = false
  const send = (opcode: number, payload: Buffer = Buffer.alloc(0)) => {
    if (!socket.destroyed) socket.write(encodeFrame(opcode, payload, true))
  }
  const finish = () => {
    if (closed) return
    closed = true
    socket.destroy()
    handlers.onClose()
  }
  const read = createFrameReader((frame) => {
    if (frame.opcode === OPCODE.ping) return send(OPCODE.pong, frame.payload)
    if (frame.opcode === OPCODE.close) {
      send(OPCODE.close, frame.payload.subarray(0, 2))
      return finish()
    }
    if (frame.opcode === OPCODE.text || frame.opcode === OPCODE.binary) {
      messageOpcode = frame.opcode
      message = []
    } else if (frame.opcode !== OPCODE.continuation) return
    message.push(frame.payload)
    if (!frame.fin) return
    if (messageOpcode === OPCODE.text) handlers.onText(Buffer.concat(message).toString('utf8'))
    message = []
  })
  const feed = (chunk: Buffer) => {
    try {
      read(chunk)
    } catch {
      finish()
    }
  }
  socket.on('data', feed)
  socket.on('close', finish)
  socket.on('error', finish)
  if (head.length > 0) feed(head)
  return {
    close() {
      // 1000: normal closure.
      send(OPCODE.close, Buffer.from([0x03, 0xe8]))
      finish()
    },
  }
}
