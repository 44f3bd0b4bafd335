import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { characterPng, createTwoProjects, KEYS } from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'
import { assetsCommand } from './assets.js'
import { NO_GUARDS, runCli, type CliRun } from './test-cli.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
let server: string

beforeAll(async () => {
  kinora = await openTestKinora({ ...NO_GUARDS, port: 0, workers: 1, moderationImages: false })
  await createTwoProjects(kinora.store)
  server = await kinora.listen()
})
afterAll(() => kinora.dispose())

/** Runs `kinora assets … --json` in process against the server; `out` is the parsed stdout. */
async function cli(...args: string[]): Promise<CliRun & { out: unknown; err: string }> {
  const run = await runCli(assetsCommand(), [
    ...args,
    '--json',
    '--server',
    server,
    '--api-key',
    KEYS.alpha,
  ])
  return { ...run, out: run.stdout ? JSON.parse(run.stdout) : undefined, err: run.stderr }
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

    expect((await cli('delete', asset.Id)).out).toEqual({})
    const left = (await cli('list', '--page-size', '100')).out as { Items: { Id: string }[] }
    expect(left.Items.map((a) => a.Id)).toEqual([queued.Id])
    expect((await cli('groups', 'delete', group)).out).toEqual({})
    expect((await cli('groups', 'list')).out).toMatchObject({ TotalCount: 0 })
  })

  it('prints a failed asset with its reason and exits non-zero', async () => {
    const group = ((await cli('groups', 'create', 'small')).out as { Id: string }).Id
    const file = join(kinora.dir, 'tiny.png')
    await writeFile(file, await characterPng(100, 100))
    const { out, err, exitCode } = await cli('add', file, '--group', group, '--type', 'image')
    expect(out).toMatchObject({ Status: 'Failed', Error: { Code: 'InvalidParameter' } })
    expect(err).toMatch(/failed: file: the image is 100×100 px/)
    expect(exitCode).toBe(1)
  })

  it('reports a server refusal (exit 1) and a missing file (exit 2) in one line', async () => {
    expect(
      await cli('add', 'ftp://example.com/a.png', '--group', 'group-x', '--type', 'image'),
    ).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: expect.stringMatching(
        /^kinora: ResourceNotFound: The specified asset group group-x is not found[^\n]*$/,
      ),
    })
    const group = ((await cli('groups', 'create', 'g')).out as { Id: string }).Id
    expect(
      await cli('add', 'ftp://example.com/a.png', '--group', group, '--type', 'image'),
    ).toMatchObject({
      exitCode: 1,
      stderr: expect.stringMatching(/URL must be an http\(s\) URL or a data URL/),
    })
    expect(
      await cli('add', join(kinora.dir, 'none.png'), '--group', group, '--type', 'image'),
    ).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: expect.stringMatching(/none\.png: no such file/),
    })
  })

  it('prints tables and fields without --json', async () => {
    const group = ((await cli('groups', 'create', 'readable')).out as { Id: string }).Id
    const file = join(kinora.dir, 'nova.png')
    await writeFile(file, await characterPng())
    const human = (...args: string[]) =>
      runCli(assetsCommand(), [...args, '--server', server, '--api-key', KEYS.alpha])
    const added = await human('add', file, '--group', group, '--type', 'image')
    expect(added.stdout).toMatch(/^Status\s+Active$/m)
    const id = /^Id\s+(\S+)$/m.exec(added.stdout)?.[1]
    const listed = (await human('list', '--group', group)).stdout.split('\n')
    expect(listed[0]).toMatch(/^ID\s+STATUS\s+TYPE\s+NAME\s+GROUP\s+CREATED$/)
    expect(listed[1]).toMatch(new RegExp(`^${id}\\s+Active\\s+Image\\s+nova\\.png\\s+${group}`))
    expect((await human('groups', 'create', 'plain')).stdout).toMatch(/^group-\S+\n$/)
  })
})
