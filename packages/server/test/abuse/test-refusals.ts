import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { characterPng, createTwoProjects, KEYS } from '../../src/assets/test-assets.js'
import { startLoopbackServer, type LoopbackServer } from '../../src/media/test-loopback-server.js'
import { openTestKinora } from '../../src/test-kinora.js'
import { expectError, expectNothingChanged, TASKS, type TestKinora } from './test-abuse.js'

/**
 * Hooks for tests of what the API refuses synchronously: one Kinora per file with projects alpha
 * and beta (keys in `KEYS`), a clock the test moves through `state.now`, a canary server that
 * counts any request that should never have been made, and a 640×480 PNG. Requests go as alpha
 * unless told otherwise.
 */
export function useRefusals() {
  const state = {
    kinora: undefined as unknown as TestKinora,
    canary: undefined as unknown as LoopbackServer,
    png: Buffer.alloc(0) as Buffer,
    now: Date.UTC(2026, 10, 25, 12, 0, 0),
  }
  beforeAll(async () => {
    state.kinora = await openTestKinora(
      { moderationImages: false, rateLimit: 0 },
      { clock: { now: () => state.now } },
    )
    await createTwoProjects(state.kinora.store)
    state.canary = await startLoopbackServer()
    state.png = await characterPng(640, 480)
  })
  afterAll(async () => {
    await state.kinora.dispose()
    await state.canary.close()
  })

  const auth = (key: string = KEYS.alpha) => ({ authorization: `Bearer ${key}` })
  const create = (body: unknown, key: string = KEYS.alpha) =>
    state.kinora.app.inject({
      method: 'POST',
      url: TASKS,
      headers: auth(key),
      payload: body as object,
    })
  return {
    state,
    auth,
    create,
    /** Any request, as alpha unless `opts.headers` says otherwise. */
    request: (opts: InjectOptions) =>
      state.kinora.app.inject({ ...opts, headers: { ...auth(), ...opts.headers } }),
    /** Creates with `body` and expects a refusal that stores and loses nothing. */
    refused: (body: unknown, status: number, code: string, param?: string, key?: string) =>
      expectNothingChanged(state.kinora, async () =>
        expectError(await create(body, key), status, code, param),
      ),
  }
}

export const text = (t = 'a calm lake at dawn') => ({ type: 'text', text: t })
export const image = (url: string, role?: string) => ({
  type: 'image_url',
  image_url: { url },
  ...(role ? { role } : {}),
})
export const video = (url = 'https://example.com/a.mp4') => ({
  type: 'video_url',
  video_url: { url },
  role: 'reference_video',
})
export const audio = (url = 'https://example.com/a.mp3') => ({
  type: 'audio_url',
  audio_url: { url },
  role: 'reference_audio',
})
/** A public URL the API takes at create (it is fetched only when a task starts). */
export const remote = 'https://example.com/a.png'
export const base = { model: 'seedance-2.0', content: [text()] }
export const dataUrl = (mime: string, data: Buffer) =>
  `data:${mime};base64,${data.toString('base64')}`
