import { afterEach, describe, expect, it, vi } from 'vitest'
import { Kinora } from './client.js'
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
} from './errors.js'
import { apiError, fakeFetch, hang, json, refuse } from './test-fetch.js'

const fast = { backoff: { initial: 1, max: 2 } }
const models = { object: 'list', data: [] }

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('Kinora transport', () => {
  it('retries a 429 after the Retry-After delay, then returns the answer', async () => {
    const { fetch, calls } = fakeFetch(
      apiError(429, 'RateLimitExceeded', { 'retry-after': '0.04' }),
      json(200, models),
    )
    const client = new Kinora({ fetch, backoff: { initial: 5000, max: 5000 } })
    const started = performance.now()
    await expect(client.models.list()).resolves.toEqual(models)
    expect(calls).toHaveLength(2)
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('does not retry a 400 and gives its code, param, type and request id', async () => {
    const { fetch, calls } = fakeFetch(
      apiError(400, 'InvalidParameter', { 'x-request-id': 'req-1' }, 'content[0].text'),
    )
    const error = await new Kinora({ fetch, ...fast }).models.list().catch((e: unknown) => e)
    expect(calls).toHaveLength(1)
    expect(error).toBeInstanceOf(BadRequestError)
    expect(error).toMatchObject({
      status: 400,
      code: 'InvalidParameter',
      param: 'content[0].text',
      type: 'T',
      requestId: 'req-1',
      message: 'InvalidParameter happened',
    })
  })

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])('throws the error class of status %i', async (status, Class) => {
    const { fetch } = fakeFetch(apiError(status, 'Code'))
    const error = await new Kinora({ fetch, maxRetries: 0 }).models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Class)
    expect(error).toMatchObject({ status, code: 'Code' })
  })

  it('retries a 5xx maxRetries times, then throws InternalServerError', async () => {
    const { fetch, calls } = fakeFetch(apiError(502, 'BadGateway'))
    const error = await new Kinora({ fetch, maxRetries: 3, ...fast }).models.list().catch((e) => e)
    expect(error).toBeInstanceOf(InternalServerError)
    expect(calls).toHaveLength(4)
  })

  it('names the status and body of an error answer that is not an envelope', async () => {
    const { fetch } = fakeFetch(() => new Response('<h1>Bad Gateway</h1>', { status: 502 }))
    const error = await new Kinora({ fetch, maxRetries: 0 }).models.list().catch((e) => e)
    expect(error).toBeInstanceOf(InternalServerError)
    expect(error).toMatchObject({ message: '502 <h1>Bad Gateway</h1>', code: undefined })
  })

  it('throws APIConnectionTimeoutError once every attempt has timed out', async () => {
    const { fetch, calls } = fakeFetch(hang)
    const client = new Kinora({ fetch, timeout: 15, maxRetries: 2, ...fast })
    const error = await client.models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(APIConnectionTimeoutError)
    expect(calls).toHaveLength(3)
  })

  it('times out a stalled answer body, even from a fetch that ignores its signal', async () => {
    const stalled = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{')) })
    const { fetch } = fakeFetch(() => new Response(stalled, { status: 200 }))
    const client = new Kinora({ fetch, timeout: 15, maxRetries: 0 })
    await expect(client.models.list()).rejects.toBeInstanceOf(APIConnectionTimeoutError)
  })

  it('throws APIConnectionError when nothing listens at the base URL', async () => {
    const client = new Kinora({ baseURL: 'http://127.0.0.1:1', maxRetries: 1, ...fast })
    const error = await client.models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(APIConnectionError)
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError)
    expect((error as Error).cause).toBeInstanceOf(TypeError)
  })

  it('retries after a connection error and returns the next answer', async () => {
    const { fetch, calls } = fakeFetch(refuse, json(200, models))
    await expect(new Kinora({ fetch, ...fast }).models.list()).resolves.toEqual(models)
    expect(calls).toHaveLength(2)
  })

  it('throws APIUserAbortError without retrying when the caller aborts a request', async () => {
    const { fetch, calls } = fakeFetch(hang)
    const client = new Kinora({ fetch, ...fast })
    const error = await client.models.list({ signal: AbortSignal.timeout(10) }).catch((e) => e)
    expect(error).toBeInstanceOf(APIUserAbortError)
    expect(calls).toHaveLength(1)
  })

  it('stops waiting for a retry as soon as the caller aborts', async () => {
    const { fetch, calls } = fakeFetch(apiError(503, 'Busy', { 'retry-after': '30' }))
    const started = performance.now()
    const error = await new Kinora({ fetch }).models
      .list({ signal: AbortSignal.timeout(10) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(APIUserAbortError)
    expect(calls).toHaveLength(1)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('sends the API key as a bearer token, and no Authorization header without one', async () => {
    const { fetch, calls } = fakeFetch(json(200, models))
    vi.stubEnv('KINORA_API_KEY', '')
    await new Kinora({ fetch, apiKey: 'sk-1' }).models.list()
    await new Kinora({ fetch }).models.list()
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk-1')
    expect(calls[1]?.headers.has('authorization')).toBe(false)
  })

  it('falls back to KINORA_BASE_URL and KINORA_API_KEY, then to the loopback default', async () => {
    const { fetch, calls } = fakeFetch(json(200, models))
    vi.stubEnv('KINORA_BASE_URL', 'https://kinora.example.com/')
    vi.stubEnv('KINORA_API_KEY', 'sk-env')
    await new Kinora({ fetch }).models.list()
    vi.stubEnv('KINORA_BASE_URL', '')
    vi.stubEnv('KINORA_API_KEY', '')
    await new Kinora({ fetch }).models.list()
    expect(calls[0]?.url.href).toBe('https://kinora.example.com/api/v3/models')
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk-env')
    expect(calls[1]?.url.href).toBe('http://127.0.0.1:8080/api/v3/models')
    expect(calls[1]?.headers.has('authorization')).toBe(false)
  })

  it('accepts a base URL that already ends in /api/v3, as Seedance SDKs are configured', async () => {
    const { fetch, calls } = fakeFetch(json(200, models))
    await new Kinora({ fetch, baseURL: 'http://gpu-box:8080/api/v3/' }).models.list()
    expect(calls[0]?.url.href).toBe('http://gpu-box:8080/api/v3/models')
  })
})
