import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { characterPng, createTwoProjects, KEYS } from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'
import { assetsCommand } from './assets.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
let server: string

beforeAll(async () => {
  kinora = await openTestKinora({ port: 0, workers: 1, moderationImages: false })
  await createTwoProjects(kinora.store)
  server = await kinora.listen()
})
afterAll(() => kinora.dispose())
afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

/** Runs `kinora assets …` in process against the server; resolves to what it printed. */
async function cli(...args: string[]): Promise<{ out: unknown; err: string }> {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((text: string) => void out.push(text))
  vi.spyOn(console, 'error').mockImplementation((text: string) => void err.push(text))
  await assetsCommand().parseAsync([...args, '--server', server, '--api-key', KEYS.alpha], {
    from: 'user',
  })
  vi.restoreAllMocks()
  return { out: out.length > 0 ? JSON.parse(out.join('\n')) : undefined, err: err.join('\n') }
}

describe('kinora assets', () => {
  it('creates, lists and deletes groups, adds a file and a URL, lists, gets and deletes assets', async () => {
    const group = (
      (await cli('groups', 'create', 'cast', '--description', 'the leads')).out as { Id: string }
    ).Id
    expect(group).toMatch(/^group-/)
    const groups = (await cli('groups', 'list', '--name', 'CAS')).out
    expect(groups).toMatchObject({
      TotalCount: 1,
      Items: [{ Id: group, Description: 'the leads' }],
    })

    const file = join(kinora.dir, 'mira.png')
    const png = await characterPng()
    await writeFile(file, png)
    const asset = (await cli('add', file, '--group', group, '--type', 'IMAGE')).out as {
      Id: string
    }
    expect(asset).toMatchObject({
      Name: 'mira.png',
      AssetType: 'Image',
      Status: 'Active',
      ProjectName: 'alpha',
    })

    const dataUrl = `data:image/png;base64,${png.toString('base64')}`
    const queued = (
      await cli(
        'add',
        dataUrl,
        '--group',
        group,
        '--type',
        'image',
        '--name',
        'inline',
        '--no-wait',
      )
    ).out as { Id: string }
    expect(Object.keys(queued)).toEqual(['Id'])
    expect(((await cli('get', queued.Id)).out as { Name: string }).Name).toBe('inline')

    const active = (await cli('list', '--group', group, '--status', 'active', '--name', 'mira')).out
    expect(active).toMatchObject({ TotalCount: 1, Items: [{ Id: asset.Id }] })

    expect((await cli('delete', asset.Id)).err).toBe(`asset ${asset.Id}: deleted`)
    const left = (await cli('list', '--page-size', '100')).out as { Items: { Id: string }[] }
    expect(left.Items.map((a) => a.Id)).toEqual([queued.Id])
    expect((await cli('groups', 'delete', group)).err).toBe(`group ${group}: deleted`)
    expect((await cli('groups', 'list')).out).toMatchObject({ TotalCount: 0 })
  })

  it('prints a failed asset with its reason and exits non-zero', async () => {
    const group = ((await cli('groups', 'create', 'small')).out as { Id: string }).Id
    const file = join(kinora.dir, 'tiny.png')
    await writeFile(file, await characterPng(100, 100))
    const { out, err } = await cli('add', file, '--group', group, '--type', 'image')
    expect(out).toMatchObject({ Status: 'Failed', Error: { Code: 'InvalidParameter' } })
    expect(err).toMatch(/failed: file: the image is 100×100 px/)
    expect(process.exitCode).toBe(1)
  })

  it('reports a server refusal and a missing file as errors that say what is wrong', async () => {
    await expect(
      cli('add', 'ftp://example.com/a.png', '--group', 'group-x', '--type', 'image'),
    ).rejects.toThrow(/The specified asset group group-x is not found/)
    const group = ((await cli('groups', 'create', 'g')).out as { Id: string }).Id
    await expect(
      cli('add', 'ftp://example.com/a.png', '--group', group, '--type', 'image'),
    ).rejects.toThrow(/URL must be an http\(s\) URL or a data URL/)
    await expect(
      cli('add', join(kinora.dir, 'none.png'), '--group', group, '--type', 'image'),
    ).rejects.toThrow(/none\.png: no such file/)
  })
})
