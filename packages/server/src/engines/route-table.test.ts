import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PARAMS } from '../store/test-task.js'
import { openTestKinora } from '../test-kinora.js'
import { checkRoute } from './check-route.js'
import { loadRouteTable, type RouteTableSettings } from './route-table.js'

const none: RouteTableSettings = {
  arkModel: 'doubao-seedance-2-0-260128',
  comfyuiUrls: [],
  publicLinks: true,
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-routes-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function routesFile(routes: unknown[]): Promise<string> {
  const path = join(dir, `routes-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(path, JSON.stringify({ routes }))
  return path
}

describe('loadRouteTable', () => {
  it('routes the Seedance ids to draft, to ark once an upstream is set, and adds ComfyUI', () => {
    expect(loadRouteTable(none).map((r) => [r.id, r.engine])).toEqual([['seedance-2.0', 'draft']])
    const both = loadRouteTable({
      ...none,
      arkBaseUrl: 'https://ark.example/api/v3',
      comfyuiUrls: ['http://gpu:8188'],
    })
    expect(both.map((r) => [r.id, r.engine, r.aliases.length])).toEqual([
      ['seedance-2.0', 'ark', 2],
      ['wan2.2-14b', 'comfyui', 0],
    ])
    expect(both[0]).toMatchObject({
      upstreamTools: true,
      options: { upstreamModel: 'doubao-seedance-2-0-260128' },
    })
    expect(both[1]).toMatchObject({
      resolutions: ['480p', '720p'],
      durations: { min: 4, max: 8 },
      audio: true,
    })
  })

  it('reads a routes file, filling each engine’s defaults and resolving workflow files', async () => {
    await writeFile(join(dir, 'my-t2v.json'), '{}')
    const path = await routesFile([
      { id: 'pro', engine: 'ark', upstream_model: 'ep-123', resolutions: ['720p', '1080p'] },
      {
        id: 'wan-silent',
        engine: 'comfyui',
        modes: ['text'],
        workflows: { text: './my-t2v.json' },
        audio_workflow: null,
        durations: { min: 4, max: 5 },
      },
    ])
    const [pro, wan] = loadRouteTable({
      ...none,
      routesFile: path,
      arkBaseUrl: 'https://a/api/v3',
      comfyuiUrls: ['http://g'],
      publicLinks: false,
    })
    expect(pro).toMatchObject({
      options: { upstreamModel: 'ep-123' },
      resolutions: ['720p', '1080p'],
    })
    expect(pro?.refusedMedia?.video).toMatch(/KINORA_PUBLIC_URL/)
    expect(wan).toMatchObject({ modes: ['text'], audio: false, durations: { min: 4, max: 5 } })
    expect((wan?.options as { workflows: Record<string, string> }).workflows.text).toBe(
      join(dir, 'my-t2v.json'),
    )
  })

  it('reports every problem of a routes file at once', async () => {
    const path = await routesFile([
      { id: 'a', engine: 'ark', workflows: { text: 'wan22-t2v' } },
      { id: 'b', aliases: ['a'], engine: 'draft', durations: { min: 8, max: 5 } },
      { id: 'c', engine: 'comfyui', workflows: { text: 'nope' } },
    ])
    expect(() => loadRouteTable({ ...none, routesFile: path })).toThrow(
      [
        'Invalid model routes:',
        '  route a: workflows applies to comfyui routes only',
        '  route a: engine ark needs KINORA_ARK_BASE_URL',
        '  model id a is routed twice',
        '  route b: durations.min is above durations.max',
        '  route c: engine comfyui needs KINORA_COMFYUI_URLS',
        '  route c: workflow nope is neither one of wan22-t2v, wan22-i2v, wan22-flf2v, wan22-vace, mmaudio nor a .json file',
      ].join('\n'),
    )
  })
})

describe('checkRoute', () => {
  const wan = loadRouteTable({ ...none, comfyuiUrls: ['http://g'] })[1]!
  const params = {
    ...TEST_PARAMS,
    mode: 'text' as const,
    media: [],
    resolution: '480p' as const,
    duration: 5,
  }
  it.each([
    [{ mode: 'first_last_frame' as const }, 'content', /supports: text, first_frame/],
    [
      { generateAudio: true, resolution: '1080p' as const },
      'resolution',
      /renders 480p and 720p; got 1080p/,
    ],
    [{ duration: 9 }, 'duration', /renders 4-8 seconds \(or -1 to let it pick\); got 9/],
  ])('refuses %o with a 400 on %s naming what the route serves', (over, param, message) => {
    const route = { ...wan, modes: ['text' as const, 'first_frame' as const] }
    expect(() => checkRoute(route, { ...params, ...over })).toThrow(
      expect.objectContaining({ status: 400, param, message: expect.stringMatching(message) }),
    )
  })

  it('refuses a video for an upstream that could not fetch it, through the API', async () => {
    const kinora = await openTestKinora({ arkBaseUrl: 'http://127.0.0.1:9/api/v3' })
    try {
      const res = await kinora.app.inject({
        method: 'POST',
        url: '/api/v3/contents/generations/tasks',
        payload: {
          model: 'seedance-2.0',
          content: [
            { type: 'text', text: 'continue it' },
            { type: 'video_url', video_url: { url: 'https://example.com/a.mp4' } },
          ],
        },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatchObject({ param: 'content[1].video_url.url' })
      expect(res.json().error.message).toMatch(/must set KINORA_PUBLIC_URL/)
    } finally {
      await kinora.dispose()
    }
  })
})
