import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestKinora } from '../test-kinora.js'
import { callAction, characterPng, resultOf, upload } from './test-assets.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora
/** A folder around the data folder: anything written beside it escaped. */
let outer: string

beforeEach(async () => {
  outer = await mkdtemp(join(tmpdir(), 'kinora-escape-'))
  kinora = await openTestKinora({ dataDir: join(outer, 'data'), moderationImages: false })
})
afterEach(async () => {
  await kinora.dispose()
  await rm(outer, { recursive: true, force: true })
})

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)))
}

const HOSTILE = [
  '../../../outside',
  '..\\..\\outside',
  '/etc/passwd',
  'a/../../b',
  '%2e%2e%2f',
  '.',
]

describe('asset storage', () => {
  it('keeps every file under Kinora-made keys, whatever the names and file names say', async () => {
    const png = await characterPng()
    const ids: string[] = []
    for (const name of HOSTILE) {
      const group = (await resultOf<{ Id: string }>(kinora.app, 'CreateAssetGroup', { Name: name }))
        .Id
      const res = await upload(
        kinora.app,
        { GroupId: group, AssetType: 'Image', Name: name },
        { data: png, filename: `${name}/../../outside.png` },
      )
      expect(res.statusCode, res.body).toBe(200)
      ids.push(res.json().Result.Id)
      const data = `data:image/png;base64,${png.toString('base64')}`
      const body = { GroupId: group, AssetType: 'Image', Name: name, URL: data }
      ids.push((await resultOf<{ Id: string }>(kinora.app, 'CreateAsset', body)).Id)
    }
    expect(await kinora.processAssets()).toBe(ids.length)
    for (const [i, id] of ids.entries()) {
      const asset = await resultOf(kinora.app, 'GetAsset', { Id: id })
      expect(asset).toMatchObject({ Status: 'Active', Name: HOSTILE[Math.floor(i / 2)] })
    }
    expect(await filesUnder(outer).then((f) => f.filter((p) => !p.startsWith('data/')))).toEqual([])
    const blobs = await filesUnder(join(outer, 'data', 'blobs'))
    const key =
      /^assets\/group-\d{14}-[a-z0-9]{5}\/asset-\d{14}-[a-z0-9]{5}\/file-1(\.meta\.json)?$/
    expect(blobs.filter((b) => !key.test(b))).toEqual([])
    expect(blobs).toHaveLength(ids.length * 2)
  })

  it('refuses control characters in names and treats path-like ids as unknown', async () => {
    for (const name of ['line\nbreak', 'nul\u0000', 'esc\u001b[2J', 'tab\tbed', 'del\u007f']) {
      const res = await callAction(kinora.app, 'CreateAssetGroup', { Name: name })
      expect(res.statusCode, JSON.stringify(name)).toBe(400)
      expect(res.json().ResponseMetadata.Error.Message).toMatch(/Name must not contain control/)
    }
    for (const id of ['../../data', '/etc/passwd', 'assets/../..']) {
      for (const action of ['GetAsset', 'DeleteAsset', 'GetAssetGroup', 'DeleteAssetGroup']) {
        const res = await callAction(kinora.app, action, { Id: id })
        expect(res.statusCode, `${action} ${id}`).toBe(404)
      }
    }
    expect(await filesUnder(join(outer, 'data'))).not.toContainEqual(
      expect.stringMatching(/^blobs\//),
    )
  })
})
