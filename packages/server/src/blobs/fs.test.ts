import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFsBlobStore } from './fs.js'
import { describeBlobStore, ESCAPING_KEYS } from './test-describe-blob-store.js'
import { verifyBlobSignature } from './url-signature.js'

const PUBLIC_URL = 'http://127.0.0.1:8080'
const SECRET = 'test-secret'

/** What the `/files/*` route does with a request for `url`: the decoded path and the query. */
const routeAccepts = (url: string, nowMs: number): boolean => {
  const { origin, pathname, searchParams } = new URL(url)
  if (origin !== PUBLIC_URL || !pathname.startsWith('/files/')) return false
  const key = decodeURIComponent(pathname.slice('/files/'.length))
  return verifyBlobSignature(
    key,
    searchParams.get('exp') ?? '',
    searchParams.get('sig') ?? '',
    SECRET,
    nowMs,
  )
}

describeBlobStore('local folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-blobs-'))
  return {
    blobs: createFsBlobStore({
      root: join(dir, 'blobs'),
      secret: SECRET,
      publicUrl: () => PUBLIC_URL,
    }),
    checkUrl: async (url, nowMs) => routeAccepts(url, nowMs),
    cleanup: () => rm(dir, { recursive: true }),
  }
})

describe('createFsBlobStore', () => {
  let dir: string
  let root: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinora-blobs-'))
    root = join(dir, 'blobs')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true })
  })

  const open = (publicUrl = () => PUBLIC_URL) =>
    createFsBlobStore({ root, secret: SECRET, publicUrl })

  const source = async (content = 'data') => {
    const path = join(dir, 'source')
    await writeFile(path, content)
    return path
  }

  it('writes nothing outside its root for a key that would escape', async () => {
    const blobs = open()
    const path = await source()
    for (const key of ESCAPING_KEYS)
      await expect(blobs.putFile(key, path, 'text/plain')).rejects.toThrow()
    expect((await readdir(dir)).sort()).toEqual(['source'])
  })

  it('leaves only the blob and its metadata behind after a write, no temporary files', async () => {
    const blobs = open()
    await blobs.putFile('tasks/cgt-1/video.mp4', await source(), 'video/mp4')
    expect((await readdir(join(root, 'tasks', 'cgt-1'))).sort()).toEqual([
      'video.mp4',
      'video.mp4.meta.json',
    ])
  })

  it('leaves no blob and no temporary file when the source cannot be read', async () => {
    const blobs = open()
    await expect(
      blobs.putFile('tasks/cgt-1/video.mp4', join(dir, 'missing'), 'video/mp4'),
    ).rejects.toThrow()
    expect(await blobs.stat('tasks/cgt-1/video.mp4')).toBeNull()
    expect((await readdir(join(root, 'tasks', 'cgt-1'))).filter((n) => n.endsWith('.tmp'))).toEqual(
      [],
    )
  })

  it('refuses keys ending in .meta.json, which would collide with metadata', async () => {
    await expect(
      open().putFile('tasks/a.mp4.meta.json', await source(), 'text/plain'),
    ).rejects.toThrow(/reserved/)
  })

  it('deletes the folder of a prefix that ends with a slash, not just its files', async () => {
    const blobs = open()
    await blobs.putFile('tasks/cgt-1/inputs/0.png', await source(), 'image/png')
    await blobs.deletePrefix('tasks/cgt-1/')
    expect(await readdir(join(root, 'tasks'))).toEqual([])
  })

  it('deletes a blob with its metadata but keeps a blob whose name only the metadata matches', async () => {
    const blobs = open()
    await blobs.putFile('tasks/x.mp4', await source(), 'video/mp4')
    await blobs.deletePrefix('tasks/x.mp4.m')
    expect(await blobs.stat('tasks/x.mp4')).toEqual({ size: 4, contentType: 'video/mp4' })
    await blobs.deletePrefix('tasks/x')
    expect(await readdir(join(root, 'tasks'))).toEqual([])
  })

  it('builds links on the public URL read at signing time', async () => {
    let base = 'http://127.0.0.1:9000/'
    const blobs = open(() => base)
    const first = await blobs.signedUrl('tasks/cgt-1/video.mp4', 43_200, 1_795_622_457_900)
    expect(first).toMatch(
      /^http:\/\/127\.0\.0\.1:9000\/files\/tasks\/cgt-1\/video\.mp4\?exp=1795665657&sig=[0-9a-f]{64}$/,
    )
    base = 'https://kinora.example'
    expect(await blobs.signedUrl('tasks/cgt-1/video.mp4', 60, 0)).toMatch(
      /^https:\/\/kinora\.example\/files\/tasks\/cgt-1\/video\.mp4\?exp=60&sig=/,
    )
  })
})
