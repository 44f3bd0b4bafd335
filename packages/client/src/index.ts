/**
 * `@kinora/client`: the typed SDK of the Kinora / Seedance 2.0 task API. Zero dependencies, fetch
 * only; runs in Node 20+ and browsers.
 */
export { Kinora, Kinora as default } from './client.js'
export type { APIRequest, ClientOptions, RequestOptions } from './client.js'
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  KinoraError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  WaitTimeoutError,
} from './errors.js'
export type { WaitAssetOptions } from './resources/assets.js'
export type { CreateTaskOptions, DeleteTaskOptions } from './resources/tasks.js'
export type { Backoff } from './retry-delay.js'
export type * from './asset-types.js'
export type * from './types.js'
export type { WaitOptions } from './wait.js'
