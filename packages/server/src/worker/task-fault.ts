import { basename } from 'node:path'
import { AppError, internal, isAppError } from '../lib/app-error.js'

const DISK_FULL = /\bENOSPC\b|\bEDQUOT\b|no space left on device|disk quota exceeded/i

/** Whether `err`, or an error it was caused by, says the disk (or the user's quota) is full. */
export function isDiskFull(err: unknown): boolean {
  let e: unknown = err
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code
    if (code === 'ENOSPC' || code === 'EDQUOT') return true
    if (e instanceof Error && DISK_FULL.test(e.message)) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * `message` with every path under `root` (the worker's scratch folder, which engines and ffmpeg
 * quote in their errors) cut to its file name: task errors are shown to clients, and spec §1
 * keeps server paths out of what clients see.
 */
export function scrubPaths(message: string, root: string): string {
  if (root === '' || root === '/') return message
  const path = new RegExp(`${escapeRegExp(root.replace(/\/+$/, ''))}(?:/[^\\s'"\`:,;()]*)?`, 'g')
  return message.replace(path, (match) => basename(match))
}

/**
 * The error a failed attempt settles with (spec §2.5: an engine fault is `InternalServiceError`
 * with a clear message). A full disk, wherever it struck (the work folder, ffmpeg's output, the
 * blob store), gets one plain message and stays retryable: space may be free by the next attempt.
 * Anything that is not an AppError is an engine fault with the details left to the server log.
 */
export function taskFault(err: unknown, workdirRoot: string): AppError {
  if (isDiskFull(err)) {
    return internal(
      'The server ran out of disk space while rendering or storing the video; try again later',
      { retryable: true, cause: err },
    )
  }
  if (!isAppError(err)) {
    return internal('The engine failed while rendering; the server log has the details', {
      retryable: true,
      cause: err,
    })
  }
  const message = scrubPaths(err.message, workdirRoot)
  if (message === err.message) return err
  return new AppError(err.status, err.code, message, {
    ...(err.param === undefined ? {} : { param: err.param }),
    retryable: err.retryable,
    cause: err,
  })
}
