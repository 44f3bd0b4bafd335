import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestKinora } from '../test-kinora.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora

beforeAll(async () => {
  kinora = await openTestKinora()
})
afterAll(() => kinora.dispose())

const text = (t = 'a calm lake at dawn') => ({ type: 'text', text: t })
const image = (role?: string, url = 'https://example.com/a.png') => ({
  type: 'image_url',
  image_url: { url },
  ...(role ? { role } : {}),
})
const video = (url = 'https://example.com/a.mp4') => ({
  type: 'video_url',
  video_url: { url },
  role: 'reference_video',
})
const audio = (url = 'https://example.com/a.mp3') => ({
  type: 'audio_url',
  audio_url: { url },
  role: 'reference_audio',
})
const base = { model: 'seedance-2.0', content: [text()] }

/** [rule, body, status, code, param]: one row per validation rule of spec §2.1-2.3. */
const rows: [string, Record<string, unknown>, number, string, string | undefined][] = [
  ['model is required', { content: [text()] }, 400, 'InvalidParameter', 'model'],
  [
    'an unknown model is 404',
    { ...base, model: 'sora' },
    404,
    'InvalidEndpointOrModel.NotFound',
    'model',
  ],
  ['content is required', { model: 'seedance-2.0' }, 400, 'InvalidParameter', 'content'],
  ['content must not be empty', { ...base, content: [] }, 400, 'InvalidParameter', 'content'],
  [
    'content items have a known type',
    { ...base, content: [{ type: 'gif', text: 'x' }] },
    400,
    'InvalidParameter',
    'content[0].type',
  ],
  [
    'resolution is one of three',
    { ...base, resolution: '4k' },
    400,
    'InvalidParameter',
    'resolution',
  ],
  ['ratio is one of the table', { ...base, ratio: '2:1' }, 400, 'InvalidParameter', 'ratio'],
  ['duration is at least 4', { ...base, duration: 3 }, 400, 'InvalidParameter', 'duration'],
  ['duration is at most 15', { ...base, duration: 16 }, 400, 'InvalidParameter', 'duration'],
  ['duration is whole seconds', { ...base, duration: 4.5 }, 400, 'InvalidParameter', 'duration'],
  ['duration below -1 is refused', { ...base, duration: -2 }, 400, 'InvalidParameter', 'duration'],
  ['duration 0 is refused', { ...base, duration: 0 }, 400, 'InvalidParameter', 'duration'],
  [
    'generate_audio is boolean',
    { ...base, generate_audio: 'yes' },
    400,
    'InvalidParameter',
    'generate_audio',
  ],
  ['watermark is boolean', { ...base, watermark: 1 }, 400, 'InvalidParameter', 'watermark'],
  [
    'return_last_frame is boolean',
    { ...base, return_last_frame: 'true' },
    400,
    'InvalidParameter',
    'return_last_frame',
  ],
  ['seed is at least -1', { ...base, seed: -2 }, 400, 'InvalidParameter', 'seed'],
  ['seed fits 32 bits', { ...base, seed: 4294967296 }, 400, 'InvalidParameter', 'seed'],
  [
    'tools holds only web_search',
    { ...base, tools: [{ type: 'code' }] },
    400,
    'InvalidParameter',
    'tools[0].type',
  ],
  [
    'web_search needs a configured provider',
    { ...base, tools: [{ type: 'web_search' }] },
    400,
    'InvalidParameter',
    'tools',
  ],
  [
    'web_search only in text-to-video',
    { ...base, content: [text(), image()], tools: [{ type: 'web_search' }] },
    400,
    'InvalidParameter',
    'tools',
  ],
  [
    'callback_url is http(s)',
    { ...base, callback_url: 'ftp://example.com/hook' },
    400,
    'InvalidParameter',
    'callback_url',
  ],
  [
    'callback_url is absolute',
    { ...base, callback_url: '/hook' },
    400,
    'InvalidParameter',
    'callback_url',
  ],
  [
    'execution_expires_after is at least 3600',
    { ...base, execution_expires_after: 3599 },
    400,
    'InvalidParameter',
    'execution_expires_after',
  ],
  [
    'execution_expires_after is at most 259200',
    { ...base, execution_expires_after: 259201 },
    400,
    'InvalidParameter',
    'execution_expires_after',
  ],
  ['priority is at most 9', { ...base, priority: 10 }, 400, 'InvalidParameter', 'priority'],
  ['priority is at least 0', { ...base, priority: -1 }, 400, 'InvalidParameter', 'priority'],
  [
    'safety_identifier is at most 64 characters',
    { ...base, safety_identifier: 'x'.repeat(65) },
    400,
    'InvalidParameter',
    'safety_identifier',
  ],
  [
    'omni_reference_task_type is one of four',
    { ...base, omni_reference_task_type: 'remix' },
    400,
    'InvalidParameter',
    'omni_reference_task_type',
  ],
  [
    'omni_reference_task_type needs reference content',
    { ...base, omni_reference_task_type: 'edit' },
    400,
    'InvalidParameter',
    'omni_reference_task_type',
  ],
  ['frames is not supported', { ...base, frames: 120 }, 400, 'InvalidParameter', 'frames'],
  [
    'camera_fixed is not supported',
    { ...base, camera_fixed: true },
    400,
    'InvalidParameter',
    'camera_fixed',
  ],
  ['draft is not supported', { ...base, draft: true }, 400, 'InvalidParameter', 'draft'],
  [
    'service_tier flex is not supported',
    { ...base, service_tier: 'flex' },
    400,
    'InvalidParameter',
    'service_tier',
  ],
  [
    'at most one text item',
    { ...base, content: [text(), text()] },
    400,
    'InvalidParameter',
    'content[1]',
  ],
  [
    'text is at most 10 000 characters',
    { ...base, content: [text('x'.repeat(10_001))] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
  [
    'text has no NUL character',
    { ...base, content: [text('a calm lake\u0000 at dawn')] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
  [
    'media URLs have no NUL character',
    { ...base, content: [text(), image(undefined, 'https://example.com/a\u0000.png')] },
    400,
    'InvalidParameter',
    'content[1].image_url.url',
  ],
  [
    'safety_identifier has no NUL character',
    { ...base, safety_identifier: 'user\u00001' },
    400,
    'InvalidParameter',
    'safety_identifier',
  ],
  [
    'text is not empty',
    { ...base, content: [text('  ')] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
  [
    'items come text first',
    { ...base, content: [image(), text()] },
    400,
    'InvalidParameter',
    'content[1]',
  ],
  [
    'audio never comes before video',
    { ...base, content: [text(), image('reference_image'), audio(), video()] },
    400,
    'InvalidParameter',
    'content[3]',
  ],
  [
    'image URLs are http(s), data or asset',
    { ...base, content: [text(), image(undefined, 'ftp://x/a.png')] },
    400,
    'InvalidParameter',
    'content[1].image_url.url',
  ],
  [
    'image data URLs name an image format',
    { ...base, content: [text(), image(undefined, 'data:image/svg+xml;base64,AAAA')] },
    400,
    'InvalidParameter',
    'content[1].image_url.url',
  ],
  [
    'videos cannot be base64',
    { ...base, content: [text(), image('reference_image'), video('data:video/mp4;base64,AAAA')] },
    400,
    'InvalidParameter',
    'content[2].video_url.url',
  ],
  [
    'audio data URLs are wav or mp3',
    { ...base, content: [text(), image('reference_image'), audio('data:audio/ogg;base64,AAAA')] },
    400,
    'InvalidParameter',
    'content[2].audio_url.url',
  ],
  [
    'image roles are the three of the spec',
    { ...base, content: [text(), image('background')] },
    400,
    'InvalidParameter',
    'content[1].role',
  ],
  [
    'video roles are reference_video',
    { ...base, content: [text(), { ...video(), role: 'first_frame' }] },
    400,
    'InvalidParameter',
    'content[1].role',
  ],
  [
    'two images must all carry roles',
    { ...base, content: [text(), image('first_frame'), image()] },
    400,
    'InvalidParameter',
    'content[2].role',
  ],
  [
    'first frame and reference roles never mix',
    { ...base, content: [text(), image('first_frame'), image('reference_image')] },
    400,
    'InvalidParameter',
    'content[2].role',
  ],
  [
    'videos appear only in reference mode',
    { ...base, content: [text(), image('first_frame'), video()] },
    400,
    'InvalidParameter',
    'content[2].role',
  ],
  [
    'audio needs an image or video beside it',
    { ...base, content: [text(), audio()] },
    400,
    'InvalidParameter',
    'content[1]',
  ],
  [
    'at most 9 reference images',
    { ...base, content: [text(), ...Array.from({ length: 10 }, () => image('reference_image'))] },
    400,
    'InvalidParameter',
    'content[10]',
  ],
  [
    'at most 3 reference videos',
    { ...base, content: [text(), video(), video(), video(), video()] },
    400,
    'InvalidParameter',
    'content[4]',
  ],
  [
    'at most 3 reference audio clips',
    { ...base, content: [text(), video(), audio(), audio(), audio(), audio()] },
    400,
    'InvalidParameter',
    'content[5]',
  ],
  [
    'at most two frame images',
    { ...base, content: [text(), image('first_frame'), image('last_frame'), image('last_frame')] },
    400,
    'InvalidParameter',
    'content[3]',
  ],
  [
    'only one first frame',
    { ...base, content: [text(), image('first_frame'), image('first_frame')] },
    400,
    'InvalidParameter',
    'content[2].role',
  ],
  [
    'a last frame needs a first frame',
    { ...base, content: [text(), image('last_frame')] },
    400,
    'InvalidParameter',
    'content[1].role',
  ],
  [
    'citations stay within the media count',
    { ...base, content: [text('@image1 meets @image2'), image('reference_image')] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
  [
    'citations of absent video are refused',
    { ...base, content: [text('dance like @video1'), image('reference_image')] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
  [
    'edit needs exactly one video',
    {
      ...base,
      content: [text(), image('reference_image'), video(), video()],
      omni_reference_task_type: 'edit',
    },
    400,
    'InvalidParameter',
    'omni_reference_task_type',
  ],
  [
    'edit needs an image',
    { ...base, content: [text(), video()], omni_reference_task_type: 'edit' },
    400,
    'InvalidParameter',
    'omni_reference_task_type',
  ],
  [
    'extend takes no images',
    {
      ...base,
      content: [text(), image('reference_image'), video()],
      omni_reference_task_type: 'extend',
    },
    400,
    'InvalidParameter',
    'omni_reference_task_type',
  ],
  [
    'suffix commands are validated like fields',
    { ...base, content: [text('a lake --dur 30')] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
  [
    'suffix resolution is validated',
    { ...base, content: [text('a lake --rs 4k')] },
    400,
    'InvalidParameter',
    'content[0].text',
  ],
]

const accepted: [string, Record<string, unknown>][] = [
  ['the minimal body', base],
  ['the upstream doubao model id', { ...base, model: 'doubao-seedance-2-0-260128' }],
  ['the upstream dreamina model id', { ...base, model: 'dreamina-seedance-2-0-260128' }],
  ['duration -1', { ...base, duration: -1 }],
  ['the largest seed', { ...base, seed: 4294967295 }],
  ['service_tier other than flex', { ...base, service_tier: 'default' }],
  ['unknown fields', { ...base, foo: { bar: 1 } }],
  [
    'every optional field as null',
    {
      ...base,
      content: [{ ...text(), extra: null }],
      resolution: null,
      ratio: null,
      duration: null,
      generate_audio: null,
      watermark: null,
      return_last_frame: null,
      seed: null,
      tools: null,
      callback_url: null,
      execution_expires_after: null,
      priority: null,
      safety_identifier: null,
      omni_reference_task_type: null,
      frames: null,
      camera_fixed: null,
      draft: null,
      service_tier: null,
    },
  ],
]

const create = (body: unknown) =>
  kinora.app.inject({
    method: 'POST',
    url: '/api/v3/contents/generations/tasks',
    payload: body as object,
  })

describe('task creation validation (spec §2.1-2.3)', () => {
  it.each(rows)('refuses: %s', async (_rule, body, status, code, param) => {
    const res = await create(body)
    expect(res.statusCode).toBe(status)
    const { error } = res.json()
    expect(error.code).toBe(code)
    expect(error.param).toBe(param)
    expect(error.type).toBe(status === 404 ? 'NotFound' : 'BadRequest')
    expect(error.message.length).toBeGreaterThan(15)
    expect(error.message).not.toMatch(/\/tmp|\/work|at .*\.ts:\d+/)
  })

  it.each(accepted)('accepts %s', async (_name, body) => {
    const res = await create(body)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().id).toMatch(/^cgt-\d{14}-[a-z0-9]{5}$/)
  })

  it('refuses a body that is not JSON', async () => {
    const res = await kinora.app.inject({
      method: 'POST',
      url: '/api/v3/contents/generations/tasks',
      headers: { 'content-type': 'application/json' },
      payload: '{"model": ',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('InvalidParameter')
  })
})
