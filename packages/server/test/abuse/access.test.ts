import { describe, expect, it } from 'vitest'
import { callAction, KEYS, resultOf } from '../../src/assets/test-assets.js'
import { expectError, expectNothingChanged, TASKS } from './test-abuse.js'
import { base, dataUrl, image, text, useRefusals } from './test-refusals.js'

/**
 * Reaching what belongs to someone else (spec §1, §2.5): another project's tasks and assets are
 * not found, and signed file links work only as signed and until they expire.
 */
const { state: s, auth, create, request, refused } = useRefusals()

describe('cross-project access', () => {
  it('hides a task and its asset inputs from every key of another project', async () => {
    const res = await create({ ...base, content: [text(), image(dataUrl('image/png', s.png))] })
    expect(res.statusCode, res.body).toBe(200)
    const id = res.json().id as string
    await expectNothingChanged(s.kinora, async () => {
      expectError(
        await request({ url: `${TASKS}/${id}`, headers: auth(KEYS.beta) }),
        404,
        'ResourceNotFound',
      )
      expectError(
        await request({ method: 'DELETE', url: `${TASKS}/${id}`, headers: auth(KEYS.beta) }),
        404,
        'ResourceNotFound',
      )
      expectError(
        await request({
          method: 'DELETE',
          url: `${TASKS}/${id}?force=true`,
          headers: auth(KEYS.beta),
        }),
        404,
        'ResourceNotFound',
      )
      const list = await request({
        url: `${TASKS}?filter.task_ids=${id}&page_size=500`,
        headers: auth(KEYS.beta),
      })
      expect(list.statusCode).toBe(200)
      expect(list.json()).toMatchObject({ total: 0, items: [] })
    })
    // Alpha still has it, untouched.
    const own = await request({ url: `${TASKS}/${id}` })
    expect(own.json()).toMatchObject({ id, status: 'queued' })
  })

  it("refuses another project's asset as input with 400 InvalidParameter", async () => {
    const group = (
      await resultOf<{ Id: string }>(s.kinora.app, 'CreateAssetGroup', { Name: 'cast' }, KEYS.alpha)
    ).Id
    const asset = (
      await resultOf<{ Id: string }>(
        s.kinora.app,
        'CreateAsset',
        { GroupId: group, URL: dataUrl('image/png', s.png), AssetType: 'Image', Name: 'mira' },
        KEYS.alpha,
      )
    ).Id
    await s.kinora.processAssets()
    expect(
      (await resultOf<{ Status: string }>(s.kinora.app, 'GetAsset', { Id: asset }, KEYS.alpha))
        .Status,
    ).toBe('Active')
    const error = await refused(
      { ...base, content: [text(), image(`asset://${asset}`)] },
      400,
      'InvalidParameter',
      'content[1].image_url.url',
      KEYS.beta,
    )
    expect(error.message).toMatch(/not found/)
    const action = await callAction(s.kinora.app, 'GetAsset', { Id: asset }, KEYS.beta)
    expect(action.statusCode).toBe(404)
    const del = await callAction(s.kinora.app, 'DeleteAsset', { Id: asset }, KEYS.beta)
    expect(del.statusCode).toBe(404)
    expect(
      (await resultOf<{ Status: string }>(s.kinora.app, 'GetAsset', { Id: asset }, KEYS.alpha))
        .Status,
    ).toBe('Active')
  })
})

describe('tampered and expired file URLs', () => {
  it('answers every altered or expired link with the same 403 AccessDenied', async () => {
    const group = (
      await resultOf<{ Id: string }>(
        s.kinora.app,
        'CreateAssetGroup',
        { Name: 'files' },
        KEYS.alpha,
      )
    ).Id
    const id = (
      await resultOf<{ Id: string }>(
        s.kinora.app,
        'CreateAsset',
        { GroupId: group, URL: dataUrl('image/png', s.png), AssetType: 'Image', Name: 'mira' },
        KEYS.alpha,
      )
    ).Id
    await s.kinora.processAssets()
    const link = new URL(
      (await resultOf<{ URL: string }>(s.kinora.app, 'GetAsset', { Id: id }, KEYS.alpha)).URL,
    )
    const get = (url: URL | string) => {
      const u = typeof url === 'string' ? new URL(url, link) : url
      return s.kinora.app.inject({ url: u.pathname + u.search })
    }
    // The control: the link as signed works, without any key.
    const ok = await get(link)
    expect(ok.statusCode).toBe(200)
    expect(ok.rawPayload.equals(s.png)).toBe(true)

    const exp = link.searchParams.get('exp')!
    const sig = link.searchParams.get('sig')!
    const flip = (s: string, i: number) =>
      s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1)
    const variants = [
      `${link.pathname}?exp=${exp}&sig=${flip(sig, 0)}`,
      `${link.pathname}?exp=${exp}&sig=${flip(sig, 63)}`,
      `${link.pathname}?exp=${Number(exp) + 3600}&sig=${sig}`,
      `${link.pathname}?exp=0${exp}&sig=${sig}`,
      `${link.pathname}?exp=${exp}&sig=${sig.toUpperCase()}`,
      `${link.pathname}?exp=${exp}`,
      `${link.pathname}?sig=${sig}`,
      link.pathname,
      `${link.pathname}x?exp=${exp}&sig=${sig}`,
      `${link.pathname.replace(/[^/]+$/, 'other.png')}?exp=${exp}&sig=${sig}`,
      `/files/..%2F..%2Fkinora.db?exp=${exp}&sig=${sig}`,
      `${link.pathname}?exp=${exp}&sig=${sig}&sig=${flip(sig, 5)}`,
    ]
    for (const v of variants) expectError(await get(v), 403, 'AccessDenied')
    // A dot-dot segment is resolved by the router before /files sees it: no file, no route.
    expectError(await get(`/files/%2e%2e/s.kinora.db?exp=${exp}&sig=${sig}`), 404, 'NotFound')

    s.now += 43_200_000 + 1000
    expectError(await get(link), 403, 'AccessDenied')
    s.now -= 43_200_000 + 1000
    expect((await get(link)).statusCode).toBe(200)
  })
})
