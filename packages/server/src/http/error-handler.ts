import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, isAppError } from '../lib/app-error.js'

const TYPES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
}

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

/** Any error a request can meet, as an AppError that is safe to show the client. */
export function toAppError(error: unknown, requestId: string): AppError {
  if (isAppError(error)) return error
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0]
    const segments = (issue?.instancePath ?? '').split('/').filter(Boolean)
    const where =
      error.validationContext && error.validationContext !== 'body' ? [error.validationContext] : []
    const path = paramPath([...where, ...segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s))])
    return new AppError(400, 'InvalidParameter', issue?.message ?? 'The request is invalid', {
      ...(path ? { param: path } : {}),
    })
  }
  const fe = error as Partial<FastifyError>
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError(
      413,
      'RequestEntityTooLarge',
      'The request body is larger than 64 MB; send media by URL or asset:// instead',
    )
  }
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
  return new AppError(
    500,
    'InternalServiceError',
    `The server failed to handle the request (request id ${requestId})`,
  )
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error, request.id)
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed')
  if (appError.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1')
  void reply.status(appError.status).send(envelope(appError))
}
