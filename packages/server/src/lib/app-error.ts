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

/** `bytes` as the largest whole unit that fits: `64 MB`, `1 MB`, `512 KB`. */
const size = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KB`
      : `${bytes} bytes`

/** 413 (spec §1): the body is over the route's limit, `limit` bytes when known. */
export const payloadTooLarge = (limit?: number): AppError =>
  new AppError(
    413,
    'RequestEntityTooLarge',
    `The request body is larger than ${limit === undefined ? 'this endpoint accepts' : `${size(limit)}, the most this endpoint accepts`}; send media by URL or asset:// instead of inline`,
  )

/** 429 (spec §4): the caller's key (or address) sent more requests than the per-minute limit. */
export const rateLimitExceeded = (max: number, retryAfterSeconds: number): AppError =>
  new AppError(
    429,
    'RateLimitExceeded',
    `Too many requests: at most ${max} a minute per API key; retry after ${retryAfterSeconds} s (see Retry-After)`,
  )

/**
 * 503: the server refuses work it cannot do now rather than answering late or failing: it is
 * overloaded, or (`why`) its database is busy.
 */
export const serviceUnavailable = (
  retryAfterSeconds: number,
  why = 'The server is overloaded',
): AppError =>
  new AppError(
    503,
    'ServiceUnavailable',
    `${why}; retry after ${retryAfterSeconds} s (see Retry-After)`,
    { retryable: true },
  )

export const internal = (message: string, opts: { retryable?: boolean; cause?: unknown } = {}) =>
  new AppError(500, 'InternalServiceError', message, opts)

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
