import { createHash, randomBytes } from 'node:crypto'

/** WebSocket opcodes (RFC 6455 §5.2). */
export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const

export interface Frame {
  fin: boolean
  opcode: number
  masked: boolean
  payload: Buffer
}

/** Frames larger than this end the connection: ComfyUI's largest are preview images. */
const MAX_PAYLOAD = 64 * 1024 * 1024

/** `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` (RFC 6455 §4.2.2). */
export const acceptKey = (key: string) =>
  createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64')

/** One unfragmented frame; clients must mask (RFC 6455 §5.3), servers must not. */
export function encodeFrame(opcode: number, payload: Buffer, mask: boolean): Buffer {
  const length = payload.length
  const size = length < 126 ? 0 : length < 65_536 ? 2 : 8
  const head = Buffer.alloc(2 + size + (mask ? 4 : 0))
  head[0] = 0x80 | opcode
  head[1] = (mask ? 0x80 : 0) | (size === 0 ? length : size === 2 ? 126 : 127)
  if (size === 2) head.writeUInt16BE(length, 2)
  if (size === 8) head.writeBigUInt64BE(BigInt(length), 2)
  if (!mask) return Buffer.concat([head, payload])
  const key = randomBytes(4)
  key.copy(head, 2 + size)
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!
  return Buffer.concat([head, body])
}

/**
 * A reader of a byte stream of frames: feed it socket chunks, it calls `onFrame` per complete
 * frame, payload unmasked. Throws on a frame over the size cap.
 */
export function createFrameReader(onFrame: (frame: Frame) => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0)
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
    for (;;) {
      if (buffered.length < 2) return
      const masked = (buffered[1]! & 0x80) !== 0
      let length = buffered[1]! & 0x7f
      let offset = 2
      if (length === 126) {
        if (buffered.length < 4) return
        length = buffered.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (buffered.length < 10) return
        length = Number(buffered.readBigUInt64BE(2))
        offset = 10
      }
      if (length > MAX_PAYLOAD) throw new Error(`WebSocket frame of ${length} bytes is too large`)
      const keyAt = offset
      if (masked) offset += 4
      if (buffered.length < offset + length) return
      const payload = Buffer.from(buffered.subarray(offset, offset + length))
      if (masked) for (let i = 0; i < length; i++) payload[i]! ^= buffered[keyAt + (i % 4)]!
      onFrame({ fin: (buffered[0]! & 0x80) !== 0, opcode: buffered[0]! & 0x0f, masked, payload })
      buffered = buffered.subarray(offset + length)
    }
  }
}
