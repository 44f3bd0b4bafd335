import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startLoopbackServer, type LoopbackServer } from '../media/test-loopback-server.js'
import { openTestKinora } from '../test-kinora.js'
import { characterPng, createTwoProjects, KEYS, resultOf } from './test-assets.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
type Opts = NonNullable<Parameters<typeof openTestKinora>[1]>

/** The status and `ResponseMetadata.Error` of an answer, for one-line assertions. */
export const errorOf = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  ...(res.json().ResponseMetadata.Error as { Code: string; Message: string }),
})

/**
 * Hooks for asset API tests: a loopback server serving `/mira.png` (and 404 elsewhere), and per
 * test a fresh Kinora with two projects, private URLs allowed and a clock the test moves through
 * `state.now`. Returns the state the hooks fill in and helpers that act as project alpha.
 */
export function useAssetApi() {
  const state = {
    kinora: undefined as unknown as Kinora,
    server: undefined as unknown as LoopbackServer,
    png: Buffer.alloc(0) as Buffer,
    now: Date.UTC(2026, 10, 25, 12, 0, 0),
    /** Replaces this test's Kinora with one opened with `opts` (same settings and clock). */
    async reopen(opts: Opts): Promise<void> {
      await state.kinora.dispose()
      await open(opts)
    },
  }
  const clock = { now: () => state.now }
  async function open(opts: Opts = {}) {
    state.kinora = await openTestKinora(
      { allowPrivateUrls: true, moderationImages: false },
      { clock, ...opts },
    )
    await createTwoProjects(state.kinora.store)
  }
  beforeAll(async () => {
    state.png = await characterPng(640, 480)
    state.server = await startLoopbackServer((req, res) => {
      if (req.url === '/mira.png') res.setHeader('content-type', 'image/png').end(state.png)
      else res.writeHead(404).end('no such file')
    })
  })
  afterAll(() => state.server.close())
  beforeEach(async () => {
    state.now = Date.UTC(2026, 10, 25, 12, 0, 0)
    await open()
  })
  afterEach(() => state.kinora.dispose())

  const app = () => state.kinora.app
  return {
    state,
    newGroup: async (key: string = KEYS.alpha) =>
      (await resultOf<{ Id: string }>(app(), 'CreateAssetGroup', { Name: 'cast' }, key)).Id,
    createAsset: async (body: Record<string, unknown>, key: string = KEYS.alpha) =>
      (await resultOf<{ Id: string }>(app(), 'CreateAsset', body, key)).Id,
    getAsset: (id: string, key: string = KEYS.alpha) =>
      resultOf<Record<string, string> & { Error?: { Code: string; Message: string } }>(
        app(),
        'GetAsset',
        { Id: id },
        key,
      ),
    /** Every blob file under a group's asset folder, relative to it. */
    async blobsOf(groupId: string): Promise<string[]> {
      const dir = join(state.kinora.dir, 'blobs', 'assets', groupId)
      const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
      return entries
        .filter((e) => e.isFile() && !e.name.endsWith('.meta.json'))
        .map((e) => relative(dir, join(e.parentPath, e.name)))
        .sort()
    },
  }
}
