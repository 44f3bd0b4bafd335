import { afterEach, describe, expect, it } from 'vitest'
import { createDraftEngine } from '../engines/draft/draft-engine.js'
import type { Scene } from '../engines/draft/scene.js'
import type { Engine, EngineJob } from '../engines/engine.js'
import type { TaskRecord } from '../store/store.js'
import { openTestKinora } from '../test-kinora.js'
import { REYKJAVIK_SNOW, startFakeSearxng, type FakeSearxng } from './test-searxng.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
let fake: FakeSearxng | undefined
afterEach(async () => {
  await kinora?.dispose()
  await fake?.close()
  kinora = undefined
  fake = undefined
})

const TASKS = '/api/v3/contents/generations/tasks'

/** The real draft engine, recording each job it got and the notes (scene, caption) it made. */
function recordingDraft() {
  const draft = createDraftEngine({ preset: 'ultrafast' })
  const seen: Array<{ job: EngineJob; notes: Record<string, unknown> | undefined }> = []
  const engine: Engine = {
    name: 'draft',
    async generate(job, ctx) {
      const result = await draft.generate(job, ctx)
      seen.push({ job, notes: result.notes })
      return result
    },
  }
  return { engines: new Map([['draft', engine]]), seen }
}

async function create(k: Kinora, text: string) {
  const res = await k.app.inject({
    method: 'POST',
    url: TASKS,
    payload: {
      model: 'seedance-2.0',
      content: [{ type: 'text', text }],
      tools: [{ type: 'web_search' }],
      resolution: '480p',
      duration: 4,
      generate_audio: false,
      seed: 11,
    },
  })
  return res
}

async function settled(k: Kinora, id: string): Promise<TaskRecord> {
  for (let i = 0; i < 1200; i++) {
    const task = await k.store.getTask(id)
    if (task && ['succeeded', 'failed'].includes(task.status)) return task
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`task ${id} never settled`)
}

describe('the web_search tool end to end', () => {
  it("renders today's weather in Reykjavik as a snowy city scene captioned from a result", async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW)
    const draft = recordingDraft()
    kinora = await openTestKinora(
      { workers: 1, searchUrl: fake.origin },
      { engines: draft.engines },
    )
    const res = await create(kinora, "today's weather in Reykjavik")
    expect(res.statusCode, res.body).toBe(200)
    const done = await settled(kinora, res.json().id)
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded')

    expect(fake.queries).toHaveLength(1)
    expect(fake.queries[0]).toMatch(/^Reykjavik weather \d{1,2} [A-Z][a-z]+ \d{4}$/)
    const [{ job, notes }] = draft.seen as [(typeof draft.seen)[0]]
    expect(job.prompt).toBe("today's weather in Reykjavik, snow, night, city, harbour, boats")
    const scene = notes?.scene as Scene
    expect(scene).toMatchObject({ weather: 'snow', time: 'night', setting: 'city' })
    expect(notes?.caption).toBe('Reykjavík weather today: Heavy snow tonight in the capital.')
    expect(job.caption).toBe(notes?.caption)

    const wire = (await kinora.app.inject({ url: `${TASKS}/${done.id}` })).json()
    expect(wire.tools).toEqual([{ type: 'web_search' }])
    expect(wire.tool_outputs).toEqual([
      {
        type: 'web_search',
        queries: fake.queries,
        sources: REYKJAVIK_SNOW.map(({ title, url }) => ({ title, url })),
      },
    ])
    expect(wire.usage.tool_usage).toEqual({ web_search: 1 })
    expect(wire.usage.completion_tokens).toBe(Math.floor((864 * 496 * 24 * 4) / 1024))
  })

  it('fails the task with WebSearchFailed when the provider keeps failing, after its retries', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW, 'error-500')
    const draft = recordingDraft()
    kinora = await openTestKinora(
      { workers: 1, searchUrl: fake.origin },
      { engines: draft.engines },
    )
    const res = await create(kinora, "today's weather in Reykjavik")
    const done = await settled(kinora, res.json().id)
    expect(done.status).toBe('failed')
    expect(done.error?.code).toBe('WebSearchFailed')
    expect(done.error?.message).toMatch(/HTTP 500: search error/)
    expect(done.usage).toBeNull()
    expect(fake.queries).toHaveLength(3)
    expect(draft.seen).toHaveLength(0)
  })

  it('fails at once when the instance refuses JSON, which no retry can fix', async () => {
    fake = await startFakeSearxng(() => REYKJAVIK_SNOW, 'json-off-403')
    kinora = await openTestKinora({ workers: 1, searchUrl: fake.origin })
    const done = await settled(kinora, (await create(kinora, 'snow in Oslo today')).json().id)
    expect(done).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'WebSearchFailed' },
    })
    expect(done.error?.message).toMatch(/search\.formats/)
  })

  it('refuses the tool with 400 naming the setting when no provider is configured', async () => {
    kinora = await openTestKinora()
    const res = await create(kinora, "today's weather in Reykjavik")
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'InvalidParameter', param: 'tools' })
    expect(res.json().error.message).toMatch(/KINORA_SEARCH_URL/)
  })
})
