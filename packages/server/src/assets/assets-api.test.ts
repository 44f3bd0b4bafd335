import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeAudio, makeVideo } from '../media/test-media.js'
import { imageRefused } from '../moderation/moderation-policy.js'
import { openTestKinora } from '../test-kinora.js'
import { errorOf, useAssetApi } from './test-asset-api.js'
import { callAction, characterPng, KEYS, resultOf, upload } from './test-assets.js'

const { alpha } = KEYS
const { state: s, newGroup, createAsset, getAsset, blobsOf } = useAssetApi()

describe('asset actions', () => {
  it('fetches an http(s) asset in the background: Processing, then Active with a 12 h link', async () => {
    const group = await newGroup()
    const id = await createAsset({
      GroupId: group,
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
      Name: 'Mira front',
    })
    expect(id).toMatch(/^asset-20261125120000-[a-z0-9]{5}$/)
    expect(await getAsset(id)).toEqual({
      Id: id,
      Name: 'Mira front',
      URL: '',
      AssetType: 'Image',
      GroupId: group,
      Status: 'Processing',
      ProjectName: 'alpha',
      CreateTime: '2026-11-25T12:00:00Z',
      UpdateTime: '2026-11-25T12:00:00Z',
    })
    s.now += 2000
    expect(await s.kinora.processAssets()).toBe(1)
    const active = await getAsset(id)
    expect(active).toMatchObject({ Status: 'Active', UpdateTime: '2026-11-25T12:00:02Z' })
    expect(active.Error).toBeUndefined()
    const link = new URL(active.URL!)
    expect(Number(link.searchParams.get('exp'))).toBe(s.now / 1000 + 43_200)
    const file = await s.kinora.app.inject({ url: link.pathname + link.search })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('image/png')
    expect(file.rawPayload.equals(s.png)).toBe(true)
    expect(await blobsOf(group)).toEqual([`${id}/file-1`])
  })

  it('takes images and audio as data URLs and any medium as an upload', async () => {
    const group = await newGroup()
    const wav = join(s.kinora.dir, 'tone.wav')
    await makeAudio(wav, 3)
    const mp4 = join(s.kinora.dir, 'clip.mp4')
    await makeVideo(mp4, { size: '320x320', seconds: 2.5 })
    const image = await createAsset({
      GroupId: group,
      URL: `data:image/png;base64,${s.png.toString('base64')}`,
      AssetType: 'Image',
    })
    const audio = await createAsset({
      GroupId: group,
      URL: `data:audio/wav;base64,${(await readFile(wav)).toString('base64')}`,
      AssetType: 'Audio',
      Name: 'theme',
    })
    const res = await upload(
      s.kinora.app,
      { GroupId: group, AssetType: 'Video', Name: 'walk cycle' },
      { data: await readFile(mp4), filename: 'walk.mp4' },
      alpha,
    )
    expect(res.statusCode, res.body).toBe(200)
    const video = res.json().Result.Id
    expect(await s.kinora.processAssets()).toBe(3)
    for (const [id, type, name] of [
      [image, 'Image', ''],
      [audio, 'Audio', 'theme'],
      [video, 'Video', 'walk cycle'],
    ]) {
      expect(await getAsset(id!)).toMatchObject({ Status: 'Active', AssetType: type, Name: name })
    }
    const downloaded = new URL((await getAsset(video)).URL!)
    const file = await s.kinora.app.inject({ url: downloaded.pathname + downloaded.search })
    expect(file.headers['content-type']).toBe('video/mp4')
    expect(file.rawPayload.equals(await readFile(mp4))).toBe(true)
    // Staged bytes are gone once the probed file is stored.
    expect((await blobsOf(group)).filter((k) => k.endsWith('/source'))).toEqual([])
  })

  it('fails an asset that breaks the limits or cannot be fetched, saying why, and keeps no file', async () => {
    const group = await newGroup()
    const small = await characterPng(200, 200)
    const tiny = (
      await upload(s.kinora.app, { GroupId: group, AssetType: 'Image' }, { data: small }, alpha)
    ).json().Result.Id
    const notAudio = (
      await upload(s.kinora.app, { GroupId: group, AssetType: 'Audio' }, { data: s.png }, alpha)
    ).json().Result.Id
    const missing = await createAsset({
      GroupId: group,
      URL: `${s.server.origin}/gone.png`,
      AssetType: 'Image',
    })
    expect(await s.kinora.processAssets()).toBe(3)
    expect((await getAsset(tiny)).Error).toEqual({
      Code: 'InvalidParameter',
      Message: 'file: the image is 200×200 px; each side must be 300-6000 px',
    })
    expect((await getAsset(notAudio)).Error?.Message).toMatch(/a PNG image, not wav or mp3 audio/)
    const gone = await getAsset(missing)
    expect(gone).toMatchObject({ Status: 'Failed', URL: '' })
    expect(gone.Error?.Message).toBe('URL: could not be fetched: the server answered HTTP 404')
    expect(await blobsOf(group)).toEqual([])
  })

  it('fails an image the moderation policy refuses, with its code', async () => {
    await s.reopen({
      moderation: {
        checkText: async () => undefined,
        checkImage: async (_path, param) => {
          throw imageRefused(param, 'test policy')
        },
        checkOutput: async () => undefined,
      },
    })
    const id = await createAsset({
      GroupId: await newGroup(),
      URL: `${s.server.origin}/mira.png`,
      AssetType: 'Image',
    })
    await s.kinora.processAssets()
    expect((await getAsset(id)).Error).toMatchObject({ Code: 'InputImageSensitiveContentDetected' })
  })

  it('refuses at create what the request alone shows is wrong', async () => {
    const group = await newGroup()
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [
        { URL: 'ftp://example.com/a.png' },
        400,
        'InvalidParameter',
        /URL must be an http\(s\) URL or a data URL/,
      ],
      [{ URL: 'asset://asset-1' }, 400, 'InvalidParameter', /to send a local file use UploadAsset/],
      [
        { URL: 'data:video/mp4;base64,AAAA', AssetType: 'Video' },
        400,
        'InvalidParameter',
        /cannot be sent as a data URL/,
      ],
      [
        { URL: 'data:text/plain;base64,AAAA' },
        400,
        'InvalidParameter',
        /data URLs of type text\/plain are not accepted/,
      ],
      [{ URL: 'data:image/png;base64,AA A=' }, 400, 'InvalidParameter', /whitespace/],
      [
        { URL: `data:image/jpeg;base64,${s.png.toString('base64')}` },
        400,
        'InvalidParameter',
        /declares image\/jpeg, but its bytes are .*PNG.*declare it as data:image\/png/,
      ],
      [{ Name: 'a\u0000b' }, 400, 'InvalidParameter', /must not contain control characters/],
      [{ URL: 'https://example.com/a\u0000.png' }, 400, 'InvalidParameter', /NUL character/],
      [{ GroupId: 'group-\u0000' }, 400, 'InvalidParameter', /GroupId must not contain the NUL/],
      [
        { AssetType: 'Picture' },
        400,
        'InvalidParameter',
        /AssetType must be one of Image, Video, Audio/,
      ],
      [{ URL: undefined }, 400, 'InvalidParameter', /URL is required/],
      [
        { GroupId: 'group-20261125120000-zzzzz' },
        404,
        'ResourceNotFound',
        /asset group group-20261125120000-zzzzz is not found/,
      ],
    ]
    for (const [over, status, code, message] of cases) {
      const body = {
        GroupId: group,
        URL: `${s.server.origin}/mira.png`,
        AssetType: 'Image',
        ...over,
      }
      const error = errorOf(await callAction(s.kinora.app, 'CreateAsset', body, alpha))
      expect(error, JSON.stringify(over)).toMatchObject({ status, Code: code })
      expect(error.Message).toMatch(message)
    }
    const listed = await resultOf<{ TotalCount: number }>(s.kinora.app, 'ListAssets', {}, alpha)
    expect(listed.TotalCount).toBe(0)
  })
})

describe('asset URLs without KINORA_ALLOW_PRIVATE_URLS', () => {
  it('refuses a literal private address at create, before anything is fetched', async () => {
    const strict = await openTestKinora({ moderationImages: false })
    try {
      const group = (await resultOf<{ Id: string }>(strict.app, 'CreateAssetGroup', { Name: 'g' }))
        .Id
      const hits = s.server.hits.length
      for (const host of ['127.0.0.1', '[::1]', 'localhost', '169.254.169.254', '2130706433']) {
        const res = await callAction(strict.app, 'CreateAsset', {
          GroupId: group,
          URL: `http://${host}:${s.server.port}/mira.png`,
          AssetType: 'Image',
        })
        expect(errorOf(res), host).toMatchObject({
          status: 400,
          Message: expect.stringMatching(/^URL: .* is a private, loopback or link-local address/),
        })
      }
      expect(await strict.processAssets()).toBe(0)
      expect(s.server.hits.length).toBe(hits)
    } finally {
      await strict.dispose()
    }
  })
})
