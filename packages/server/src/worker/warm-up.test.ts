import { describe, expect, it } from 'vitest'
import type { Engine } from '../engines/engine.js'
import { internal } from '../lib/app-error.js'
import type { ModerationPolicy } from '../moderation/moderation-policy.js'
import { openTestKinora } from '../test-kinora.js'
import { warmUp } from './warm-up.js'

const TASKS = '/api/v3/contents/generations/tasks'

describe('warmUp', () => {
  it('logs a part that fails to warm up and still warms up the others', async () => {
    const warmed: string[] = []
    const engine = (name: string, fails: boolean): Engine => ({
      name,
      generate: () => Promise.reject(internal('not rendered here')),
      async warmUp() {
        if (fails) throw new Error(`${name} could not load`)
        warmed.push(name)
      },
    })
    const moderation: ModerationPolicy = {
      checkText: async () => {},
      checkImage: async () => {},
      checkOutput: async () => {},
      warmUp: async () => void warmed.push('moderation'),
    }
    const warnings: unknown[] = []
    await warmUp({
      engines: new Map([
        ['broken', engine('broken', true)],
        ['draft', engine('draft', false)],
      ]),
      moderation,
      log: { info: () => {}, warn: (obj: unknown) => void warnings.push(obj) },
    })
    expect(warmed).toEqual(['draft', 'moderation'])
    expect(warnings).toEqual([expect.objectContaining({ part: 'engine broken' })])
  })
})

describe('an in-process render', () => {
  it('leaves the API answering every poll, never 503, under the default overload guard', async () => {
    // Sound (a spoken line, music, effects) and output moderation on, the guard at its default.
    const kinora = await openTestKinora({ workers: 1, rateLimit: 0 })
    try {
      expect(kinora.config.maxEventLoopDelayMs).toBe(1000)
      expect(kinora.config.moderationImages).toBe(true)
      const created = await kinora.app.inject({
        method: 'POST',
        url: TASKS,
        payload: {
          model: 'seedance-2.0',
          content: [{ type: 'text', text: 'a lighthouse at dusk, waves, "hold on" she says' }],
          resolution: '480p',
          duration: 4,
          generate_audio: true,
          seed: 3,
        },
      })
      expect(created.statusCode, created.body).toBe(200)
      const id = created.json().id as string
      const answers = new Map<number, number>()
      let task: { status: string; error?: unknown } = { status: 'queued' }
      let polls = 0
      while (['queued', 'running'].includes(task.status) && polls < 3000) {
        await new Promise((r) => setTimeout(r, 50))
        const res = await kinora.app.inject({ url: `${TASKS}/${id}` })
        polls++
        answers.set(res.statusCode, (answers.get(res.statusCode) ?? 0) + 1)
        if (res.statusCode === 200) task = res.json()
      }
      expect(task.status, JSON.stringify(task.error)).toBe('succeeded')
      // Every poll of the whole render was answered, none refused by the overload guard.
      expect([...answers.keys()]).toEqual([200])
      expect(polls).toBeGreaterThan(10)
    } finally {
      await kinora.dispose()
    }
  }, 180_000)
})
