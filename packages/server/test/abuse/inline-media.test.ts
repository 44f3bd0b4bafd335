import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { callAction, KEYS, resultOf } from '../../src/assets/test-assets.js'
import { MEDIA_LIMITS } from '../../src/media/media-limits.js'
import { makeAudio, makeBombPng, makeImage } from '../../src/media/test-media.js'
import { expectError, expectNothingChanged, TASKS } from './test-abuse.js'
import { audio, base, dataUrl, image, text, useRefusals, video } from './test-refusals.js'

/**
 * Media the API refuses at create (spec §2.4): oversized and wrong-type data URLs, an image
 * bomb, garbage base64 and literal private addresses. Nothing is stored, nothing is fetched.
 */
const { state: s, request, refused } = useRefusals()
let wav: Buffer
beforeAll(async () => {
  const dir = await mkdtemp(join(s.kinora.dir, 'media-'))
  await makeAudio(join(dir, 'a.wav'), 3)
  wav = await readFile(join(dir, 'a.wav'))
  await rm(dir, { recursive: true })
})

describe('oversized and wrong-type media', () => {
  const url = 'content[1].image_url.url'
  it('refuses an image data URL over 30 MB before decoding it', async () => {
    const payload = 'A'.repeat(Math.ceil((MEDIA_LIMITS.image.maxBytes * 4) / 3) + 8)
    const error = await refused(
      { ...base, content: [text(), image(`data:image/png;base64,${payload}`)] },
      400,
      'InvalidParameter',
      url,
    )
    expect(error.message).toMatch(/more than 30 MB/)
  })

  it('refuses an audio data URL over 15 MB', async () => {
    const payload = 'A'.repeat(Math.ceil((MEDIA_LIMITS.audio.maxBytes * 4) / 3) + 8)
    await refused(
      {
        ...base,
        content: [
          text(),
          image(dataUrl('image/png', s.png), 'reference_image'),
          audio(`data:audio/wav;base64,${payload}`),
        ],
      },
      400,
      'InvalidParameter',
      'content[2].audio_url.url',
    )
  })

  it('answers a body over 64 MB with 413 RequestEntityTooLarge', async () => {
    const body = JSON.stringify({ ...base, padding: 'x'.repeat(64 * 1024 * 1024) })
    await expectNothingChanged(s.kinora, async () => {
      const res = await request({
        method: 'POST',
        url: TASKS,
        headers: { 'content-type': 'application/json' },
        payload: body,
      })
      expectError(res, 413, 'RequestEntityTooLarge')
    })
  })

  it.each([
    ['an image too small', async () => makeImage('png', 200, 200)],
    ['an image too wide for its height', async () => makeImage('png', 1600, 400)],
    ['an image over 6000 px', async () => makeBombPng(6001, 3000)],
  ])('refuses %s with 400 InvalidParameter', async (_n, make) => {
    await refused(
      { ...base, content: [text(), image(dataUrl('image/png', await make()))] },
      400,
      'InvalidParameter',
      url,
    )
  })

  it.each([
    ['a PNG declared as JPEG', () => dataUrl('image/jpeg', s.png)],
    ['a WAV declared as PNG', () => dataUrl('image/png', wav)],
    [
      'HTML declared as PNG',
      () => dataUrl('image/png', Buffer.from('<html><script>x</script></html>')),
    ],
    [
      'an SVG',
      () => dataUrl('image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    ],
    ['a PNG with its body cut off', () => dataUrl('image/png', s.png.subarray(0, 200))],
  ])('refuses %s as an image with 400 InvalidParameter', async (_n, make) => {
    await refused({ ...base, content: [text(), image(make())] }, 400, 'InvalidParameter', url)
  })

  it.each([
    ['a PNG declared as WAV', () => dataUrl('audio/wav', s.png)],
    ['a WAV declared as MP3', () => dataUrl('audio/mp3', wav)],
    ['a video as base64', () => 'data:video/mp4;base64,AAAAIGZ0eXBpc29t'],
  ])('refuses %s in the audio slot with 400 InvalidParameter', async (_n, make) => {
    await refused(
      {
        ...base,
        content: [text(), image(dataUrl('image/png', s.png), 'reference_image'), audio(make())],
      },
      400,
      'InvalidParameter',
      'content[2].audio_url.url',
    )
  })
})

describe('image bomb', () => {
  it('refuses a 20000×20000 PNG of 60 KB from its header, without decoding it', async () => {
    const bomb = makeBombPng(20_000, 20_000)
    expect(bomb.length).toBeLessThan(200_000)
    const started = Date.now()
    const error = await refused(
      { ...base, content: [text(), image(dataUrl('image/png', bomb))] },
      400,
      'InvalidParameter',
      'content[1].image_url.url',
    )
    expect(error.message).toMatch(/20000/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('refuses the same bomb as an asset: it ends Failed and stores nothing usable', async () => {
    const group = (
      await resultOf<{ Id: string }>(
        s.kinora.app,
        'CreateAssetGroup',
        { Name: 'bombs' },
        KEYS.alpha,
      )
    ).Id
    const res = await callAction(
      s.kinora.app,
      'CreateAsset',
      {
        GroupId: group,
        URL: dataUrl('image/png', makeBombPng(20_000, 20_000)),
        AssetType: 'Image',
        Name: 'bomb',
      },
      KEYS.alpha,
    )
    if (res.statusCode === 200) {
      const id = res.json().Result.Id as string
      await s.kinora.processAssets()
      const asset = await resultOf<{ Status: string; Error?: { Code: string } }>(
        s.kinora.app,
        'GetAsset',
        { Id: id },
        KEYS.alpha,
      )
      expect(asset.Status).toBe('Failed')
      expect(asset.Error?.Code).toBe('InvalidParameter')
    } else {
      expect(res.statusCode).toBe(400)
      expect(res.json().ResponseMetadata.Error.Code).toBe('InvalidParameter')
    }
  })
})

describe('garbage base64', () => {
  const pngB64 = () => s.png.toString('base64')
  it.each([
    ['characters outside the alphabet', () => 'data:image/png;base64,!!!!****'],
    ['the URL-safe alphabet', () => `data:image/png;base64,${s.png.toString('base64url')}`],
    [
      'whitespace inside',
      () => `data:image/png;base64,${pngB64().slice(0, 40)} \n${pngB64().slice(40)}`,
    ],
    ['padding in the middle', () => `data:image/png;base64,iVBO=RW0KGgo${pngB64().slice(12)}`],
    ['a length that is not a multiple of 4', () => `data:image/png;base64,${pngB64()}A`],
    ['an empty payload', () => 'data:image/png;base64,'],
    ['no base64 marker', () => `data:image/png,${pngB64()}`],
    [
      'random bytes',
      () =>
        `data:image/png;base64,${Buffer.from('not an image at all, just text').toString('base64')}`,
    ],
  ])('refuses %s with 400 InvalidParameter', async (_n, make) => {
    await refused(
      { ...base, content: [text(), image(make())] },
      400,
      'InvalidParameter',
      'content[1].image_url.url',
    )
  })
})

describe('private URLs', () => {
  const forms = () => [
    `http://127.0.0.1:${s.canary.port}/a.png`,
    `http://[::1]:${s.canary.port}/a.png`,
    `http://localhost:${s.canary.port}/a.png`,
    `http://media.localhost:${s.canary.port}/a.png`,
    `http://2130706433:${s.canary.port}/a.png`,
    `http://0x7f.1:${s.canary.port}/a.png`,
    `http://[::ffff:127.0.0.1]:${s.canary.port}/a.png`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/a.png',
    'http://192.168.1.1/a.png',
    'http://[fe80::1]/a.png',
    'http://0.0.0.0/a.png',
  ]
  it('refuses literal private, loopback and link-local media URLs at create, never connecting', async () => {
    for (const url of forms()) {
      await refused(
        { ...base, content: [text(), image(url)] },
        400,
        'InvalidParameter',
        'content[1].image_url.url',
      )
      await refused(
        { ...base, content: [text(), video(url)] },
        400,
        'InvalidParameter',
        'content[1].video_url.url',
      )
      await refused(
        { ...base, content: [text(), video(), audio(url.replace('a.png', 'a.mp3'))] },
        400,
        'InvalidParameter',
        'content[2].audio_url.url',
      )
    }
    expect(s.canary.hits).toEqual([])
  })

  it('refuses the same addresses as callback_url', async () => {
    for (const url of forms())
      await refused({ ...base, callback_url: url }, 400, 'InvalidParameter', 'callback_url')
    expect(s.canary.hits).toEqual([])
  })
})
