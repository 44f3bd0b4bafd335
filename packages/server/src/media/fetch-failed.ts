import { AppError } from '../lib/app-error.js'

/** A failure of the remote side, phrased for the client; transient ones are retryable. */
export function fetchFailed(
  param: string,
  why: string,
  retryable = false,
  cause?: unknown,
): AppError {
  return new AppError(400, 'InvalidParameter', `${param}: could not be fetched: ${why}`, {
    param,
    retryable,
    cause,
  })
}

/** A socket or TLS error as a fetch failure; connection trouble is retryable, a bad certificate is not. */
export function networkError(param: string, err: unknown): AppError {
  const code = (err as { code?: string }).code ?? ''
  const known: Record<string, [string, boolean]> = {
    ECONNREFUSED: ['the connection was refused', true],
    ECONNRESET: ['the connection was reset', true],
    EPIPE: ['the connection was reset', true],
    EHOSTUNREACH: ['the host is unreachable', true],
    ENETUNREACH: ['the host is unreachable', true],
    ETIMEDOUT: ['the connection timed out', true],
  }
  const [why, retryable] =
    known[code] ??
    (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)
      ? [`its TLS certificate was refused (${code})`, false]
      : code.startsWith('HPE_')
        ? ['the server sent an invalid HTTP response', false]
        : [`the connection failed${code ? ` (${code})` : ''}`, true])
  return fetchFailed(param, why, retryable, err)
}
