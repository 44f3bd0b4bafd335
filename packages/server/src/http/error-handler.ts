import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, isAppError, payloadTooLarge, serviceUnavailable } from '../lib/app-error.js'
import { isStoreBusy } from '../store/is-store-busy.js'

const TYPES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
}

/** Retry-After of a 503 that did not set its own (the overload guard does), in seconds. */
const RETRY_AFTER_503_S = 10

/** `idempotency-key` → `Idempotency-Key`: a header as the spec and clients spell it. */
const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase())

/** `['content', 1, 'image_url', 'url']` → `content[1].image_url.url`, the spec's `param` form. */
export function paramPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
    )
    .join('')
}

export function envelope(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.param === undefined ? {} : { param: error.param }),
      type: TYPES[error.status] ?? (error.status >= 500 ? 'InternalServerError' : 'BadRequest'),
    },
  }
}

/**
 * Any error a request can meet, as an AppError that is safe to show the client. `bodyLimit` (the
 * route's, in bytes) goes into the message of a 413.
 */
export function toAppError(
  error: unknown,
  requestId: string,
  context: { bodyLimit?: number } = {},
): AppError {
  if (isAppError(error)) return error
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0]
    const segments = (issue?.instancePath ?? '').split('/').filter(Boolean)
    const at = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    const where = error.validationContext
    const path =
      where === 'headers'
        ? headerName(String(at[0] ?? ''))
        : paramPath([...(where && where !== 'body' ? [where] : []), ...at])
    return new AppError(400, 'InvalidParameter', issue?.message ?? 'The request is invalid', {
      ...(path ? { param: path } : {}),
    })
  }
  const fe = error as Partial<FastifyError>
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return payloadTooLarge(context.bodyLimit)
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError(
      400,
      'InvalidParameter',
      'Send the body as JSON with Content-Type: application/json',
    )
  }
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (fe.statusCode === 400 && error instanceof SyntaxError)
  ) {
    return new AppError(400, 'InvalidParameter', 'The request body is not valid JSON')
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.statusCode, 'InvalidParameter', 'The request is invalid')
  }
  if (isStoreBusy(error)) {
    return serviceUnavailable(RETRY_AFTER_503_S, 'The database is busy with other work')
  }
  return new AppError(
    500,
    'InternalServiceError',
    `The server failed to handle the request (request id ${requestId})`,
  )
}

/**
 * What every error answer does besides its body, whichever envelope it goes out in (this one or
 * the asset API's): logs faults, and sets `Retry-After` on 429 and 503.
 */
export function prepareErrorReply(
  error: unknown,
  appError: AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // A 503 is a deliberate answer (http/overload.ts, a busy database), not a fault to log.
  if (appError.status >= 500 && appError.status !== 503) {
    request.log.error({ err: error }, 'request failed')
  } else if (appError.status === 503 && !isAppError(error)) {
    request.log.warn({ err: error }, 'database busy')
  }
  if ((appError.status === 429 || appError.status === 503) && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', appError.status === 429 ? '1' : String(RETRY_AFTER_503_S))
  }
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error, request.id, { bodyLimit: request.routeOptions.bodyLimit })
  prepareErrorReply(error, appError, request, reply)
  void reply.status(appError.status).send(envelope(appError))
}
