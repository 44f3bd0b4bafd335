/**
 * The one error type of the server. Every failure a client can see is an AppError with a stable
 * `code` from the spec (api.md §1, §2.5), a human message that says what to send instead, and the
 * HTTP status. Anything else that escapes becomes a 500 without details.
 */
export class AppError extends Error {
  readonly status: number
  readonly code: string
  readonly param: string | undefined
  /** True when trying the same work again may succeed (engine crash, upstream 5xx, lost lease). */
  readonly retryable: boolean

  constructor(
    status: number,
    code: string,
    message: string,
    opts: { param?: string; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'AppError'
    this.status = status
    this.code = code
    this.param = opts.param
    this.retryable = opts.retryable ?? false
  }
}

export const invalidParameter = (param: string | undefined, message: string): AppError =>
  new AppError(400, 'InvalidParameter', message, param === undefined ? {} : { param })

export const notFound = (what: string, id: string): AppError =>
  new AppError(404, 'ResourceNotFound', `The specified ${what} ${id} is not found.`)

export const unauthorized = (message: string): AppError =>
  new AppError(401, 'AuthenticationError', message)

export const accessDenied = (): AppError =>
  new AppError(
    403,
    'AccessDenied',
    'The link is invalid or has expired. Get the task again for a fresh link.',
  )

export const conflict = (code: string, message: string): AppError =>
  new AppError(409, code, message)

export const internal = (message: string, opts: { retryable?: boolean; cause?: unknown } = {}) =>
  new AppError(500, 'InternalServiceError', message, opts)

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
