import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'
import { httpSettingsOf, serverTimeouts } from './http/http-settings.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-config-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const load = (env: Record<string, string>) =>
  loadConfig({ dataDir: dir }, { KINORA_SECRET: 'test-secret', ...env })

describe('HTTP hardening settings', () => {
  it('defaults to 600 requests a minute, 30/120/10/10 s timeouts and a 1 s loop-delay guard', () => {
    const http = httpSettingsOf(load({}))
    expect(http).toStrictEqual({
      rateLimitPerMinute: 600,
      connectionTimeoutMs: 30_000,
      requestTimeoutMs: 120_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 10_000,
      jsonBodyLimit: 1024 * 1024,
      overload: {
        maxEventLoopDelayMs: 1000,
        maxHeapUsedBytes: 0,
        maxRssBytes: 0,
        retryAfterSeconds: 10,
      },
      metricsToken: undefined,
    })
    expect(serverTimeouts(http).http).toStrictEqual({
      headersTimeout: 10_000,
      requestTimeout: 120_000,
      connectionsCheckingInterval: 1000,
    })
  })

  it('reads each from its environment variable', () => {
    const http = httpSettingsOf(
      load({
        KINORA_RATE_LIMIT: '0',
        KINORA_CONNECTION_TIMEOUT_SECONDS: '5',
        KINORA_REQUEST_TIMEOUT_SECONDS: '60',
        KINORA_HEADERS_TIMEOUT_SECONDS: '4',
        KINORA_KEEP_ALIVE_TIMEOUT_SECONDS: '65',
        KINORA_MAX_EVENT_LOOP_DELAY_MS: '250',
        KINORA_MAX_HEAP_USED_BYTES: '2000000000',
        KINORA_MAX_RSS_BYTES: '3000000000',
        KINORA_METRICS_TOKEN: 'scrape-token-0123456789',
      }),
    )
    expect(http).toMatchObject({
      rateLimitPerMinute: 0,
      connectionTimeoutMs: 5000,
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 4000,
      keepAliveTimeoutMs: 65_000,
      overload: { maxEventLoopDelayMs: 250, maxHeapUsedBytes: 2e9, maxRssBytes: 3e9 },
      metricsToken: 'scrape-token-0123456789',
    })
  })

  it('refuses a headers timeout longer than the request timeout, and a short metrics token', () => {
    const bad = () =>
      load({
        KINORA_HEADERS_TIMEOUT_SECONDS: '30',
        KINORA_REQUEST_TIMEOUT_SECONDS: '20',
        KINORA_RATE_LIMIT: '-1',
      })
    expect(bad).toThrow(ConfigError)
    expect(bad).toThrow(/KINORA_RATE_LIMIT/)
    expect(() =>
      load({ KINORA_HEADERS_TIMEOUT_SECONDS: '30', KINORA_REQUEST_TIMEOUT_SECONDS: '20' }),
    ).toThrow(/KINORA_HEADERS_TIMEOUT_SECONDS.*KINORA_REQUEST_TIMEOUT_SECONDS/)
    expect(() => load({ KINORA_METRICS_TOKEN: 'short' })).toThrow(/KINORA_METRICS_TOKEN/)
  })
})

describe('retry backoff', () => {
  it('waits 5 s before a retry by default; KINORA_RETRY_DELAY_MS sets it, 0 retries at once', () => {
    expect(load({}).retryDelayMs).toBe(5000)
    expect(load({ KINORA_RETRY_DELAY_MS: '0' }).retryDelayMs).toBe(0)
    expect(load({ KINORA_RETRY_DELAY_MS: '120000' }).retryDelayMs).toBe(120_000)
    expect(() => load({ KINORA_RETRY_DELAY_MS: '-1' })).toThrow(ConfigError)
  })
})
