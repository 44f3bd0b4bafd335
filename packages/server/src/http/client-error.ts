import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { AppError } from '../lib/app-error.js'
import { envelope } from './error-handler.js'

/**
 * Answers what Node's HTTP parser refuses before a request exists (a slow client past its headers
 * or request deadline, headers too large, broken HTTP) in the error envelope of spec §1, then
 * closes the connection, which cannot be reused after such an error.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const error =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new AppError(
          408,
          'RequestTimeout',
          'The request did not arrive in time; send the headers and body without pauses',
        )
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError(431, 'RequestHeaderFieldsTooLarge', 'The request headers are too large')
        : new AppError(400, 'InvalidParameter', 'The request is not valid HTTP')
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = JSON.stringify(envelope(error))
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  )
}
