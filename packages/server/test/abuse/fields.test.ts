import { describe, expect, it } from 'vitest'
import { audio, base, image, remote, text, useRefusals, video } from './test-refusals.js'

/**
 * Every invalid field value of spec §2.1, mixed modes and too many media (§2.2-2.3): 400
 * `InvalidParameter` (404 for an unknown model) naming the field, and nothing stored.
 */
const { refused } = useRefusals()

describe('every invalid field value of spec §2.1', () => {
  /** [field, invalid values]: each value alone in an otherwise valid text-to-video body. */
  const invalid: [string, unknown[]][] = [
    ['model', [123, true, [], {}, '']],
    ['content', ['a lake', 7, {}, []]],
    ['resolution', ['4k', '720', '720P', 720, true, ['720p']]],
    ['ratio', ['2:1', '16/9', '16:9 ', 1.78, {}]],
    ['duration', [3, 16, 0, -2, 4.5, '5', true, 1e300]],
    ['generate_audio', ['yes', 'true', 1, 0, []]],
    ['watermark', ['false', 1, {}]],
    ['return_last_frame', ['true', 0]],
    ['seed', [-2, 4294967296, 1.5, '7', false]],
    ['tools', ['web_search', {}, 5]],
    ['callback_url', ['ftp://example.com/hook', '/hook', 'http//x', 42, 'javascript:alert(1)']],
    ['execution_expires_after', [3599, 259201, 3600.5, '3600', 0]],
    ['priority', [-1, 10, 1.5, 'high']],
    ['safety_identifier', ['x'.repeat(65), 42, {}]],
    ['omni_reference_task_type', ['remix', 'EDIT', 1, 'edit']],
    ['frames', [120, 0]],
    ['camera_fixed', [true, false]],
    ['draft', [true]],
    ['service_tier', ['flex']],
  ]
  const rows = invalid.flatMap(([field, values]) =>
    values.map((value) => [field, JSON.stringify(value).slice(0, 40), value] as const),
  )
  it.each(rows)('refuses %s = %s with 400 InvalidParameter naming it', async (field, _s, value) => {
    const error = await refused({ ...base, [field]: value }, 400, 'InvalidParameter')
    expect(error.param === field || error.param?.startsWith(`${field}[`)).toBe(true)
  })

  it('answers an unknown model with 404 InvalidEndpointOrModel.NotFound', async () => {
    await refused({ ...base, model: 'seedance-9' }, 404, 'InvalidEndpointOrModel.NotFound', 'model')
  })

  it.each([
    ['an item that is not an object', ['a lake'], 'content[0]'],
    ['an unknown item type', [{ type: 'gif', text: 'x' }], 'content[0].type'],
    ['a text that is not a string', [{ type: 'text', text: 5 }], 'content[0].text'],
    ['an empty text', [text('   ')], 'content[0].text'],
    ['a text over 10 000 characters', [text('x'.repeat(10_001))], 'content[0].text'],
    ['two texts', [text(), text()], 'content[1]'],
    ['an image without image_url', [text(), { type: 'image_url' }], 'content[1].image_url'],
    [
      'an image URL that is not a string',
      [text(), { type: 'image_url', image_url: { url: 1 } }],
      'content[1].image_url.url',
    ],
    [
      'an image URL of another scheme',
      [text(), image('ftp://example.com/a.png')],
      'content[1].image_url.url',
    ],
    ['an unknown image role', [text(), image(remote, 'background')], 'content[1].role'],
    [
      'a video with an image role',
      [text(), { ...video(), role: 'first_frame' }],
      'content[1].role',
    ],
    ['an out-of-order item', [image(remote), text()], 'content[1]'],
    [
      'a citation beyond the media',
      [text('@image2 runs'), image(remote, 'reference_image')],
      'content[0].text',
    ],
    ['a suffix command out of range', [text('a lake --dur 99')], 'content[0].text'],
  ])('refuses content with %s', async (_name, content, param) => {
    await refused({ ...base, content }, 400, 'InvalidParameter', param)
  })
})

describe('mixed modes', () => {
  it.each([
    [
      'first frame with a reference image',
      [text(), image(remote, 'first_frame'), image(remote, 'reference_image')],
      'content[2].role',
    ],
    [
      'last frame with a reference image',
      [text(), image(remote, 'reference_image'), image(remote, 'last_frame')],
      'content[2].role',
    ],
    [
      'a frame image with a reference video',
      [text(), image(remote, 'first_frame'), video()],
      'content[2].role',
    ],
    [
      'a lone image without role beside a video',
      [text(), image(remote), video()],
      'content[2].role',
    ],
    [
      'a last frame without a first frame',
      [text(), image(remote, 'last_frame')],
      'content[1].role',
    ],
    ['audio with nothing to go with it', [text(), audio()], 'content[1]'],
    ['two images without roles', [text(), image(remote), image(remote)], 'content[1].role'],
    ['web search beside an image', [text(), image(remote)], 'tools'],
  ])('refuses %s with 400 InvalidParameter', async (name, content, param) => {
    const tools = name.startsWith('web search') ? { tools: [{ type: 'web_search' }] } : {}
    await refused({ ...base, content, ...tools }, 400, 'InvalidParameter', param)
  })

  it.each([
    ['edit without an image', [text('replace the sky'), video()], 'edit'],
    ['edit with two videos', [text(), image(remote, 'reference_image'), video(), video()], 'edit'],
    ['extend with an image', [text(), image(remote, 'reference_image'), video()], 'extend'],
    ['a reference sub-mode on text-to-video', [text()], 'reference'],
  ])('refuses %s with 400 InvalidParameter', async (_n, content, omni) => {
    await refused(
      { ...base, content, omni_reference_task_type: omni },
      400,
      'InvalidParameter',
      'omni_reference_task_type',
    )
  })
})

describe('too many media', () => {
  const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make)
  it.each([
    [
      '10 reference images',
      [text(), ...many(10, () => image(remote, 'reference_image'))],
      'content[10]',
    ],
    ['4 reference videos', [text(), ...many(4, () => video())], 'content[4]'],
    ['4 reference audio clips', [text(), video(), ...many(4, () => audio())], 'content[5]'],
    [
      '3 frame images',
      [
        text(),
        image(remote, 'first_frame'),
        image(remote, 'last_frame'),
        image(remote, 'last_frame'),
      ],
      'content[3]',
    ],
    [
      '1 000 reference images',
      [text(), ...many(1000, () => image(remote, 'reference_image'))],
      'content[10]',
    ],
  ])(
    'refuses %s with 400 InvalidParameter at the first one too many',
    async (_n, content, param) => {
      await refused({ ...base, content }, 400, 'InvalidParameter', param)
    },
  )
})
