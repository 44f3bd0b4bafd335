import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { PAGE_ROOT } from './playground-routes.js'

/** The page's pure rules module (plain browser JS, so typed here by hand). */
interface RequestRules {
  buildRequest(state: Record<string, unknown>): {
    params?: Record<string, unknown> & { content: Record<string, unknown>[] }
    problems: string[]
  }
  citationProblems(prompt: string, counts: Record<string, number>): string[]
}

let rules: RequestRules
beforeAll(async () => {
  rules = (await import(pathToFileURL(join(PAGE_ROOT, 'js/request.js')).href)) as RequestRules
})

const media = (kind: string, n: number, url = `asset://asset-${kind}-${n}`) => ({
  kind,
  url,
  label: `${kind} ${n}`,
})

const form = (overrides: Record<string, unknown>) => ({
  mode: 'text',
  prompt: '',
  media: [],
  model: 'seedance-2.0',
  resolution: '480p',
  ratio: 'adaptive',
  duration: 4,
  seed: '',
  generateAudio: true,
  returnLastFrame: false,
  watermark: false,
  webSearch: false,
  omni: 'auto',
  priority: '',
  expires: '',
  callbackUrl: '',
  safetyIdentifier: '',
  ...overrides,
})

/** `type:role` of each content item, in order. */
const shape = (content: Record<string, unknown>[]) =>
  content.map((item) => (item.role ? `${item.type}:${item.role}` : String(item.type)))

describe("the composer's request rules", () => {
  it.each([
    ['text', [], ['text'], undefined],
    ['first_frame', [media('image', 1)], ['text', 'image_url:first_frame'], undefined],
    [
      'first_last_frame',
      [media('image', 1), media('image', 2)],
      ['text', 'image_url:first_frame', 'image_url:last_frame'],
      undefined,
    ],
    [
      'reference',
      [media('audio', 1), media('video', 1), media('image', 1)],
      [
        'text',
        'image_url:reference_image',
        'video_url:reference_video',
        'audio_url:reference_audio',
      ],
      'auto',
    ],
    [
      'edit',
      [media('video', 1), media('image', 1)],
      ['text', 'image_url:reference_image', 'video_url:reference_video'],
      'edit',
    ],
    [
      'extend',
      [media('video', 1), media('video', 2)],
      ['text', 'video_url:reference_video', 'video_url:reference_video'],
      'extend',
    ],
  ])('builds %s content in the order and roles of spec 2.1-2.3', (mode, items, expected, omni) => {
    const { params, problems } = rules.buildRequest(
      form({ mode, prompt: 'a slow pan', media: items }),
    )
    expect(problems).toEqual([])
    expect(shape(params!.content)).toEqual(expected)
    expect(params!.omni_reference_task_type).toBe(omni)
  })

  it('sends every option that is set and leaves the rest to the server defaults', () => {
    const full = rules.buildRequest(
      form({
        prompt: 'rain on a tin roof',
        seed: '42',
        webSearch: true,
        returnLastFrame: true,
        watermark: true,
        generateAudio: false,
        priority: '7',
        expires: '3600',
        callbackUrl: ' https://hooks.example/kinora ',
        safetyIdentifier: 'user-1',
        duration: -1,
      }),
    ).params
    expect(full).toEqual({
      model: 'seedance-2.0',
      content: [{ type: 'text', text: 'rain on a tin roof' }],
      resolution: '480p',
      ratio: 'adaptive',
      duration: -1,
      generate_audio: false,
      watermark: true,
      return_last_frame: true,
      seed: 42,
      tools: [{ type: 'web_search' }],
      callback_url: 'https://hooks.example/kinora',
      execution_expires_after: 3600,
      priority: 7,
      safety_identifier: 'user-1',
    })
    const bare = rules.buildRequest(form({ prompt: 'rain' })).params!
    for (const key of ['seed', 'tools', 'callback_url', 'priority', 'execution_expires_after']) {
      expect(bare, key).not.toHaveProperty(key)
    }
  })

  it('sends web search only in text to video', () => {
    const { params } = rules.buildRequest(
      form({ mode: 'first_frame', media: [media('image', 1)], webSearch: true }),
    )
    expect(params).not.toHaveProperty('tools')
  })

  it('says what is missing instead of sending an incomplete request', () => {
    expect(rules.buildRequest(form({ prompt: '  ' })).problems).toEqual([
      'Write a prompt: text to video needs one.',
    ])
    expect(
      rules.buildRequest(form({ mode: 'first_last_frame', media: [media('image', 1)] })).problems,
    ).toEqual(['Add 2 images.'])
    expect(
      rules.buildRequest(form({ mode: 'edit', media: [media('video', 1, '')] })).problems,
    ).toEqual(['Add an image.', 'video 1 has no URL, file or asset yet.'])
    expect(
      rules.buildRequest(form({ mode: 'reference', media: [{ ...media('image', 1), busy: true }] }))
        .problems,
    ).toEqual(['image 1 is still uploading.'])
    expect(rules.buildRequest(form({ mode: 'reference', media: [] })).problems).toEqual([
      'Add at least one image or video.',
    ])
  })

  it('flags citations of media that are not attached (spec 2.2)', () => {
    expect(
      rules.citationProblems('@image1 meets @image3 and @video1, then @image3 again', {
        image: 2,
        video: 0,
        audio: 0,
      }),
    ).toEqual([
      '@image3 cites an image that is not attached (2 attached)',
      '@video1 cites a video that is not attached (0 attached)',
    ])
  })
})
