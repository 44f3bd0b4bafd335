import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
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

describe('kinora keys webhook-secret', () => {
  it('shows the same secret until --rotate replaces it, and the server signs with it', async () => {
    const first = await secret()
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(await secret()).toBe(first)
    const rotated = await secret('--rotate')
    expect(rotated).toMatch(/^whsec_/)
    expect(rotated).not.toBe(first)
    expect(await secret()).toBe(rotated)
    const config = loadConfig({ dataDir: dir, workers: 0 }, { KINORA_SECRET: 'test-secret' })
    const kinora = await openKinora(config, { logger: false })
    try {
      expect(await kinora.webhooks.ensureSecret('acme', 'whsec_unused', Date.now())).toBe(rotated)
    } finally {
      await kinora.close()
    }
  })
})
