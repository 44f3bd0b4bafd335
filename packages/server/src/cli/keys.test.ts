import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { hashKey } from '../http/auth.js'
import { openKinora } from '../main.js'

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/kinora.js')
const run = promisify(execFile)
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-keys-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const secret = async (...extra: string[]) =>
  (
    await run(process.execPath, [
      BIN,
      'keys',
      'webhook-secret',
      '--project',
      'acme',
      '--data-dir',
      dir,
      ...extra,
    ])
  ).stdout.trim()

const keys = (...args: string[]) =>
  run(process.execPath, [BIN, 'keys', ...args, '--data-dir', dir]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  )

describe('kinora keys create', () => {
  it('prints only the key, or with --json one document, and stores it hashed', async () => {
    const plain = await keys('create', '--project', 'acme')
    expect(plain.stdout).toMatch(/^\S+\n$/)
    const json = await keys('create', '--project', 'acme', '--json')
    const created = JSON.parse(json.stdout) as { project: string; api_key: string }
    expect(created).toEqual({ project: 'acme', api_key: expect.any(String) })
    expect(json.stderr).toMatch(/shown only once/)
    const config = loadConfig({ dataDir: dir, workers: 0 }, { KINORA_SECRET: 'test-secret' })
    const kinora = await openKinora(config, { logger: false })
    try {
      for (const key of [plain.stdout.trim(), created.api_key]) {
        expect(await kinora.store.findApiKeyByHash(hashKey(key))).toMatchObject({
          projectId: 'acme',
        })
      }
    } finally {
      await kinora.close()
    }
  })

  it('refuses a bad project name with one line and exit code 2', async () => {
    const failed = await keys('create', '--project', 'no spaces', '--json')
    expect(failed).toMatchObject({ code: 2, stdout: '' })
    expect(failed.stderr.trim()).toBe(
      'kinora: --project must be 1-64 letters, digits, dots, dashes or underscores',
    )
  })
})

describe('kinora keys webhook-secret', () => {
  it('shows the same secret until --rotate replaces it, and the server signs with it', async () => {
    const first = await secret()
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(await secret()).toBe(first)
    const rotated = await secret('--rotate')
    expect(rotated).toMatch(/^whsec_/)
    expect(rotated).not.toBe(first)
    expect(await secret()).toBe(rotated)
    expect(JSON.parse(await secret('--json'))).toEqual({ project: 'acme', webhook_secret: rotated })
    const config = loadConfig({ dataDir: dir, workers: 0 }, { KINORA_SECRET: 'test-secret' })
    const kinora = await openKinora(config, { logger: false })
    try {
      expect(await kinora.webhooks.ensureSecret('acme', 'whsec_unused', Date.now())).toBe(rotated)
    } finally {
      await kinora.close()
    }
  })
})
