import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'

/**
 * Settings, from flags (which win) and environment variables. This is the only module that reads
 * `process.env`; everything else receives what it needs. Every bad setting is reported at once.
 */
const intSetting = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const flag = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no'])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes')

const schema = z
  .object({
    dataDir: z.string().min(1).default('.kinora'),
    host: z.string().min(1).default('127.0.0.1'),
    port: intSetting(0, 65535).default(8080),
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    urlTtlSeconds: intSetting(60, 604_800).default(43_200),
    databaseUrl: z.string().optional(),
    blobUrl: z.string().optional(),
    workers: intSetting(0, 64).default(1),
    leaseSeconds: intSetting(2, 3600).default(30),
    heartbeatMs: intSetting(100, 60_000).default(1000),
    /** Backoff before retrying a retryable fault (doubled after the second attempt); 0: at once. */
    retryDelayMs: intSetting(0, 3_600_000).default(5000),
    encoderPreset: z
      .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'])
      .default('veryfast'),
    ffmpeg: z.string().optional(),
    ffprobe: z.string().optional(),
    searchUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Deadline of one web search request, in seconds. */
    searchTimeoutSeconds: intSetting(1, 120).default(10),
    /** The moderation term list: a file (a path with `/` or ending `.txt`) or a comma list. */
    moderationTerms: z.string().optional(),
    /** Check input images and sampled output frames with the bundled nsfwjs model. */
    moderationImages: flag.default(true),
    allowPrivateUrls: flag.default(false),
    maxQueuedPerProject: intSetting(1, 100_000).default(120),
    /** Requests a minute per API key (per client address without keys); 0 turns the limit off. */
    rateLimit: intSetting(0, 1_000_000).default(600),
    /** A socket with no traffic this long is closed. */
    connectionTimeoutSeconds: intSetting(1, 3600).default(30),
    /** Headers and body of a request must have arrived within this (else 408, closed). */
    requestTimeoutSeconds: intSetting(1, 3600).default(120),
    /** The headers of a request must have arrived within this (else 408, closed). */
    headersTimeoutSeconds: intSetting(1, 3600).default(10),
    /** An idle kept-alive connection is closed after this. */
    keepAliveTimeoutSeconds: intSetting(1, 3600).default(10),
    /** Overload guard: mean event-loop delay past which requests get 503; 0 turns it off. */
    maxEventLoopDelayMs: intSetting(0, 3_600_000).default(1000),
    /** Overload guard: V8 heap in use past which requests get 503; 0 (default) turns it off. */
    maxHeapUsedBytes: intSetting(0, Number.MAX_SAFE_INTEGER).default(0),
    /** Overload guard: resident memory past which requests get 503; 0 (default) turns it off. */
    maxRssBytes: intSetting(0, Number.MAX_SAFE_INTEGER).default(0),
    /** When set, GET /metrics needs `Authorization: Bearer <token>`; otherwise it is public. */
    metricsToken: z.string().min(16, { error: 'use at least 16 characters' }).optional(),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** S3 keys for KINORA_BLOB_URL=s3://…, both or neither (then the AWS SDK's default chain). */
    awsAccessKeyId: z.string().optional(),
    awsSecretAccessKey: z.string().optional(),
    awsSessionToken: z.string().optional(),
    /** The bucket's region when the URL names none. */
    awsRegion: z.string().optional(),
    /** A JSON routing table that replaces the default one (docs/engines.md). */
    routesFile: z.string().min(1).optional(),
    /** A Seedance-compatible upstream, such as `https://ark.ap-southeast.bytepluses.com/api/v3`. */
    arkBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    arkApiKey: z.string().min(1).optional(),
    /** The upstream model id of `ark` routes that name none. */
    arkModel: z.string().min(1).default('doubao-seedance-2-0-260128'),
    /** ComfyUI servers, a comma list of base URLs; each task goes to the least busy. */
    comfyuiUrls: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((u) => u.trim())
          .filter((u) => u !== ''),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ })))
      .default([]),
  })
  .refine((c) => c.headersTimeoutSeconds <= c.requestTimeoutSeconds, {
    error: 'must not be longer than KINORA_REQUEST_TIMEOUT_SECONDS',
    path: ['headersTimeoutSeconds'],
  })

export type Config = Readonly<z.infer<typeof schema>> & {
  readonly databaseUrl: string
  readonly blobUrl: string
  /** HMAC key for file URLs: `KINORA_SECRET`, else generated once into the data folder. */
  readonly secret: string
}

const ENV: Record<string, keyof z.input<typeof schema>> = {
  KINORA_DATA_DIR: 'dataDir',
  KINORA_HOST: 'host',
  KINORA_PORT: 'port',
  KINORA_PUBLIC_URL: 'publicUrl',
  KINORA_URL_TTL_SECONDS: 'urlTtlSeconds',
  KINORA_DATABASE_URL: 'databaseUrl',
  KINORA_BLOB_URL: 'blobUrl',
  KINORA_WORKERS: 'workers',
  KINORA_LEASE_SECONDS: 'leaseSeconds',
  KINORA_HEARTBEAT_MS: 'heartbeatMs',
  KINORA_RETRY_DELAY_MS: 'retryDelayMs',
  KINORA_ENCODER_PRESET: 'encoderPreset',
  KINORA_FFMPEG: 'ffmpeg',
  KINORA_FFPROBE: 'ffprobe',
  KINORA_SEARCH_URL: 'searchUrl',
  KINORA_SEARCH_TIMEOUT_SECONDS: 'searchTimeoutSeconds',
  KINORA_MODERATION_TERMS: 'moderationTerms',
  KINORA_MODERATION_IMAGES: 'moderationImages',
  KINORA_ALLOW_PRIVATE_URLS: 'allowPrivateUrls',
  KINORA_MAX_QUEUED_PER_PROJECT: 'maxQueuedPerProject',
  KINORA_RATE_LIMIT: 'rateLimit',
  KINORA_CONNECTION_TIMEOUT_SECONDS: 'connectionTimeoutSeconds',
  KINORA_REQUEST_TIMEOUT_SECONDS: 'requestTimeoutSeconds',
  KINORA_HEADERS_TIMEOUT_SECONDS: 'headersTimeoutSeconds',
  KINORA_KEEP_ALIVE_TIMEOUT_SECONDS: 'keepAliveTimeoutSeconds',
  KINORA_MAX_EVENT_LOOP_DELAY_MS: 'maxEventLoopDelayMs',
  KINORA_MAX_HEAP_USED_BYTES: 'maxHeapUsedBytes',
  KINORA_MAX_RSS_BYTES: 'maxRssBytes',
  KINORA_METRICS_TOKEN: 'metricsToken',
  KINORA_LOG_LEVEL: 'logLevel',
  AWS_ACCESS_KEY_ID: 'awsAccessKeyId',
  AWS_SECRET_ACCESS_KEY: 'awsSecretAccessKey',
  AWS_SESSION_TOKEN: 'awsSessionToken',
  AWS_REGION: 'awsRegion',
  KINORA_ROUTES_FILE: 'routesFile',
  KINORA_ARK_BASE_URL: 'arkBaseUrl',
  KINORA_ARK_API_KEY: 'arkApiKey',
  KINORA_ARK_MODEL: 'arkModel',
  KINORA_COMFYUI_URLS: 'comfyuiUrls',
}

export class ConfigError extends Error {}

/** Names of the environment variables, for docs and error messages. */
export const CONFIG_ENV_NAMES = Object.keys(ENV)

export function loadConfig(
  flags: Partial<z.input<typeof schema>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const raw: Record<string, unknown> = {}
  for (const [name, key] of Object.entries(ENV)) {
    const value = env[name]
    if (value !== undefined && value !== '') raw[key] = value
  }
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) raw[key] = value
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const byKey = Object.fromEntries(Object.entries(ENV).map(([name, key]) => [key, name]))
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0])
      return `  ${byKey[key] ?? key} (--${key}): ${i.message}`
    })
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  const dataDir = resolve(c.dataDir)
  mkdirSync(dataDir, { recursive: true })
  return Object.freeze({
    ...c,
    dataDir,
    databaseUrl: c.databaseUrl ?? `sqlite:${resolve(dataDir, 'kinora.db')}`,
    blobUrl: c.blobUrl ?? `file:${resolve(dataDir, 'blobs')}`,
    secret: env.KINORA_SECRET ?? dataDirSecret(dataDir),
  })
}

function dataDirSecret(dataDir: string): string {
  const path = resolve(dataDir, 'secret')
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    try {
      writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
    } catch (e) {
      // Another process created it first; use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    return readFileSync(path, 'utf8').trim()
  }
}
