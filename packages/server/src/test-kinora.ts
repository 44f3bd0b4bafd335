import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from './config.js'
import { openKinora, type Kinora } from './main.js'

/**
 * A real Kinora on a temporary data folder (SQLite, local blobs) for tests, driven in process
 * through `app.inject`. `workers: 0` keeps renders out of tests that only check the API.
 */
export async function openTestKinora(
  settings: Parameters<typeof loadConfig>[0] = {},
  opts: Omit<NonNullable<Parameters<typeof openKinora>[1]>, 'logger'> = {},
): Promise<Kinora & { dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-test-'))
  const config = loadConfig(
    // Retries at once unless a test asks for the backoff (worker.test.ts checks it).
    {
      dataDir: dir,
      workers: 0,
      encoderPreset: 'ultrafast',
      heartbeatMs: 200,
      retryDelayMs: 0,
      ...settings,
    },
    { KINORA_SECRET: 'test-secret' },
  )
  const kinora = await openKinora(config, { logger: false, ...opts })
  return Object.assign(kinora, {
    dir,
    async dispose() {
      await kinora.close()
      await rm(dir, { recursive: true, force: true })
    },
  })
}
