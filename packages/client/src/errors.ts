import type { ActionErrorBody } from './asset-types.js'
import type { ErrorBody, Task } from './types.js'

/** The base of every error the SDK throws, so `catch (e) { if (e instanceof KinoraError) … }`. */
export class KinoraError extends Error {
  override readonly name: string = 'KinoraError'
}

/**
 * What an error answer says: the task API's envelope (spec §1), or the asset API's
 * `ResponseMetadata.Error` (spec §3), which carries no `param` or `type`.
 */
type ErrorDetail = Omit<ErrorBody['error'], 'type'> & { type?: string }

/**
 * The server answered with an error status. `code`, `param` and `type` come from the error
 * envelope of spec §1 or the asset API's `ResponseMetadata.Error` (absent when the answer was
 * neither, e.g. from a proxy), `requestId` from the `x-request-id` header: quote it when reporting
 * a problem.
 */
export class APIError extends KinoraError {
  override readonly name: string = 'APIError'
  /** Machine-readable, such as `InvalidParameter` or `TaskNotCancellable`. */
  readonly code: string | undefined
  /** The offending request field, such as `content[1].image_url.url`. */
  readonly param: string | undefined
  /** The envelope's `type`, which follows the status, such as `BadRequest`. */
  readonly type: string | undefined
  readonly requestId: string | undefined

  constructor(
    readonly status: number,
    readonly headers: Headers,
    body: { error: ErrorDetail } | undefined,
    message: string,
  ) {
    super(message)
    this.code = body?.error.code
    this.param = body?.error.param
    this.type = body?.error.type
    this.requestId = headers.get('x-request-id') ?? undefined
  }

  /** The error for an answer: the subclass of its status, the envelope's message when there is one. */
  static fromResponse(status: number, headers: Headers, text: string): APIError {
    const body = parseEnvelope(text)
    const message =
      body?.error.message ?? `${status} ${text.trim().slice(0, 200) || 'status code (no body)'}`
    const Class = CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError)
    return new Class(status, headers, body, message)
  }
}

function parseEnvelope(text: string): { error: ErrorDetail } | undefined {
  try {
    const value: unknown = JSON.parse(text)
    const error = (value as Partial<ErrorBody> | null)?.error
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      return value as ErrorBody
    }
    const action = (value as Partial<ActionErrorBody> | null)?.ResponseMetadata?.Error
    return typeof action?.Code === 'string' && typeof action.Message === 'string'
      ? { error: { code: action.Code, message: action.Message } }
      : undefined
  } catch {
    return undefined
  }
}

/** 400: the request is invalid; `param` names the field (`InvalidParameter`). */
export class BadRequestError extends APIError {
  override readonly name: string = 'BadRequestError'
}

/** 401: the API key is missing or unknown. */
export class AuthenticationError extends APIError {
  override readonly name: string = 'AuthenticationError'
}

/** 403: access denied, e.g. an expired or altered signed file URL (`AccessDenied`). */
export class PermissionDeniedError extends APIError {
  override readonly name: string = 'PermissionDeniedError'
}

/** 404: an unknown task or model, or one of another project (`ResourceNotFound`). */
export class NotFoundError extends APIError {
  override readonly name: string = 'NotFoundError'
}

/** 409: e.g. `TaskNotCancellable` (a running task without `force`) or `IdempotencyKeyReused`. */
export class ConflictError extends APIError {
  override readonly name: string = 'ConflictError'
}

/** 413: the request body is over 64 MB; send media by URL or `asset://` instead. */
export class PayloadTooLargeError extends APIError {
  override readonly name: string = 'PayloadTooLargeError'
}

/** 429: `RateLimitExceeded` or `QuotaExceeded`, thrown once the retries are spent. */
export class RateLimitError extends APIError {
  override readonly name: string = 'RateLimitError'
}

/** 500 and above, thrown once the retries are spent. */
export class InternalServerError extends APIError {
  override readonly name: string = 'InternalServerError'
}

const CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  429: RateLimitError,
}

/** No answer came: the connection failed or broke, after the retries were spent. */
export class APIConnectionError extends KinoraError {
  override readonly name: string = 'APIConnectionError'

  constructor(message = 'Connection error', options?: ErrorOptions) {
    super(message, options)
  }
}

/** No answer came within the client's `timeout`, on any attempt. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name: string = 'APIConnectionTimeoutError'

  constructor(timeout: number, options?: ErrorOptions) {
    super(`Request timed out after ${timeout} ms`, options)
  }
}

/** The caller's `signal` aborted the request or the wait. Never retried. */
export class APIUserAbortError extends KinoraError {
  override readonly name: string = 'APIUserAbortError'

  constructor(options?: ErrorOptions) {
    super('Request was aborted', options)
  }
}

/** `tasks.wait` ran past its `timeout`; `task` is the last state seen, still unfinished. */
export class WaitTimeoutError extends KinoraError {
  override readonly name: string = 'WaitTimeoutError'

  constructor(
    readonly task: Task,
    timeout: number,
  ) {
    super(`Task ${task.id} is still ${task.status} after waiting ${timeout} ms`)
  }
}
