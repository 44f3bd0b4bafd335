import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BlobStore } from './blob-store.js'

/** A fresh, empty BlobStore and a way to ask whether one of its URLs grants access. */
export interface BlobStoreFixture {
  blobs: BlobStore
  /**
   * Whether the server behind `url` would serve it at `nowMs` (true) or refuse it (false): for the
   * local folder, the `/files/*` route's signature check; for a bucket, the bucket's own check.
   */
  checkUrl(url: string, nowMs: number): Promise<boolean>
  /** Closes the store and removes everything the factory created. */
  cleanup(): Promise<void>
}

const NOW = 1_795_622_457_000

/** Keys that a driver must refuse, whatever the operation. */
export const ESCAPING_KEYS = [
  '',
  '../outside.txt',
  'tasks/../../outside.txt',
  '/etc/passwd',
  'tasks\\..\\..\\outside.txt',
  'tasks/a\0b',
  'tasks//video.mp4',
  'tasks/./video.mp4',
  'tasks/',
]

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
}

/**
 * The behaviour every BlobStore driver must have (conventions.md, Tests). The factory is called
 * before each test and must return an empty store.
 */
export function describeBlobStore(name: string, factory: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore conformance: ${name}`, () => {
    let fx: BlobStoreFixture
    let blobs: BlobStore
    let scratch: string
    beforeEach(async () => {
      fx = await factory()
      blobs = fx.blobs
      scratch = await mkdtemp(join(tmpdir(), 'kinora-blob-src-'))
    })
    afterEach(async () => {
      await fx.cleanup()
      await rm(scratch, { recursive: true, force: true })
    })

    let files = 0
    /** Puts `content` under `key` from a scratch file and returns the bytes. */
    const put = async (key: string, content: string | Buffer, type = 'video/mp4') => {
      const source = join(scratch, `source-${files++}`)
      const bytes = Buffer.from(content)
      await writeFile(source, bytes)
      await blobs.putFile(key, source, type)
      return { source, bytes }
    }

    describe('files', () => {
      it('stores a copy of a file and gives back its bytes, size and type', async () => {
        const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256))
        const { source } = await put('tasks/cgt-1/video.mp4', bytes)
        await writeFile(source, 'the source changed afterwards')
        expect(await blobs.stat('tasks/cgt-1/video.mp4')).toEqual({
          size: bytes.length,
          contentType: 'video/mp4',
        })
        const copy = join(scratch, 'copy.mp4')
        await blobs.getFile('tasks/cgt-1/video.mp4', copy)
        expect((await readFile(copy)).equals(bytes)).toBe(true)
        expect(
          (await readAll(await blobs.createReadStream('tasks/cgt-1/video.mp4'))).equals(bytes),
        ).toBe(true)
      })

      it('replaces a blob and its type when the key is written again', async () => {
        await put('inputs/a', 'first', 'image/png')
        await put('inputs/a', 'second!', 'image/jpeg')
        expect(await blobs.stat('inputs/a')).toEqual({ size: 7, contentType: 'image/jpeg' })
        expect((await readAll(await blobs.createReadStream('inputs/a'))).toString()).toBe('second!')
      })

      it('stores an empty file', async () => {
        await put('tasks/cgt-1/empty.txt', '', 'text/plain')
        expect(await blobs.stat('tasks/cgt-1/empty.txt')).toEqual({
          size: 0,
          contentType: 'text/plain',
        })
      })

      it('reads an inclusive byte range', async () => {
        await put('tasks/cgt-1/video.mp4', '0123456789')
        const range = async (start: number, end: number) =>
          (
            await readAll(await blobs.createReadStream('tasks/cgt-1/video.mp4', { start, end }))
          ).toString()
        expect(await range(2, 5)).toBe('2345')
        expect(await range(0, 0)).toBe('0')
        expect(await range(9, 9)).toBe('9')
        expect(await range(7, 9)).toBe('789')
      })

      it('answers stat with null, and reads with ResourceNotFound, for a missing blob', async () => {
        await put('tasks/cgt-1/video.mp4', 'x')
        expect(await blobs.stat('tasks/cgt-1/other.mp4')).toBeNull()
        expect(await blobs.stat('tasks/cgt-1')).toBeNull()
        const notFound = { code: 'ResourceNotFound' }
        await expect(
          blobs.getFile('tasks/cgt-2/video.mp4', join(scratch, 'x')),
        ).rejects.toMatchObject(notFound)
        await expect(blobs.createReadStream('tasks/cgt-2/video.mp4')).rejects.toMatchObject(
          notFound,
        )
      })

      it('deletes one blob, and deleting a missing one is not an error', async () => {
        await put('tasks/cgt-1/video.mp4', 'v')
        await put('tasks/cgt-1/last.png', 'p', 'image/png')
        await blobs.delete('tasks/cgt-1/video.mp4')
        await blobs.delete('tasks/cgt-1/video.mp4')
        await blobs.delete('tasks/cgt-9/never.mp4')
        expect(await blobs.stat('tasks/cgt-1/video.mp4')).toBeNull()
        expect(await blobs.stat('tasks/cgt-1/last.png')).toEqual({
          size: 1,
          contentType: 'image/png',
        })
      })

      it('deletes every key that starts with a prefix, and only those', async () => {
        const keys = [
          'tasks/cgt-1/video.mp4',
          'tasks/cgt-1/inputs/0.png',
          'tasks/cgt-10/video.mp4',
          'tasks/cgt-1.mp4',
          'tasks/cgt-2/video.mp4',
          'assets/cgt-1/video.mp4',
        ]
        for (const key of keys) await put(key, key)
        const present = async () =>
          (await Promise.all(keys.map(async (k) => ((await blobs.stat(k)) ? k : null)))).filter(
            Boolean,
          )
        await blobs.deletePrefix('tasks/cgt-1/')
        expect(await present()).toEqual(keys.slice(2))
        await blobs.deletePrefix('tasks/cgt-1')
        expect(await present()).toEqual(['tasks/cgt-2/video.mp4', 'assets/cgt-1/video.mp4'])
        await blobs.deletePrefix('tasks/cgt-7/')
        await blobs.deletePrefix('nothing/here')
        expect(await present()).toHaveLength(2)
      })

      it('keeps working in a folder after its prefix was deleted', async () => {
        await put('tasks/cgt-1/video.mp4', 'old')
        await blobs.deletePrefix('tasks/cgt-1/')
        await put('tasks/cgt-1/video.mp4', 'new')
        expect(await blobs.stat('tasks/cgt-1/video.mp4')).toEqual({
          size: 3,
          contentType: 'video/mp4',
        })
      })
    })

    describe('keys that could escape', () => {
      it.each(ESCAPING_KEYS)('refuses %j in every operation', async (key) => {
        const source = join(scratch, 'source')
        await writeFile(source, 'x')
        await expect(blobs.putFile(key, source, 'text/plain')).rejects.toThrow()
        await expect(blobs.getFile(key, join(scratch, 'copy'))).rejects.toThrow()
        await expect(blobs.stat(key)).rejects.toThrow()
        await expect(blobs.createReadStream(key)).rejects.toThrow()
        await expect(blobs.delete(key)).rejects.toThrow()
        await expect(blobs.signedUrl(key, 60, NOW)).rejects.toThrow()
      })

      it('does not reach a stored blob through a path that would normalize to it', async () => {
        await put('tasks/secret.txt', 'secret')
        await expect(blobs.stat('tasks/cgt-1/../secret.txt')).rejects.toThrow()
        await expect(blobs.createReadStream('tasks/./secret.txt')).rejects.toThrow()
      })

      it('refuses an empty prefix or one that leaves the store', async () => {
        await put('tasks/cgt-1/video.mp4', 'v')
        for (const prefix of ['', '/', '../', 'tasks/../..', 'tasks//', 'tasks\\']) {
          await expect(blobs.deletePrefix(prefix), prefix).rejects.toThrow()
        }
        expect(await blobs.stat('tasks/cgt-1/video.mp4')).not.toBeNull()
      })
    })

    describe('signed URLs', () => {
      const KEY = 'tasks/cgt-1/video.mp4'
      beforeEach(async () => {
        await put(KEY, 'video')
        await put('tasks/cgt-1/last.png', 'frame', 'image/png')
      })

      it('signs an absolute URL that is honoured until its time runs out', async () => {
        const url = await blobs.signedUrl(KEY, 3600, NOW)
        expect(new URL(url).protocol).toMatch(/^https?:$/)
        expect(await fx.checkUrl(url, NOW)).toBe(true)
        expect(await fx.checkUrl(url, NOW + 3_598_000)).toBe(true)
        expect(await fx.checkUrl(url, NOW + 3_601_000)).toBe(false)
      })

      it('refuses the URL when its path names another key', async () => {
        const url = await blobs.signedUrl(KEY, 3600, NOW)
        expect(url).toContain('video.mp4')
        expect(await fx.checkUrl(url.replace('video.mp4', 'last.png'), NOW)).toBe(false)
      })

      it('refuses the URL when any query value is altered', async () => {
        const url = new URL(await blobs.signedUrl(KEY, 3600, NOW))
        const names = [...url.searchParams.keys()]
        expect(names.length).toBeGreaterThan(0)
        for (const name of names) {
          const altered = new URL(url)
          const value = url.searchParams.get(name) ?? ''
          const last = value.at(-1) === '1' ? '2' : '1'
          altered.searchParams.set(name, value.slice(0, -1) + last)
          expect(await fx.checkUrl(altered.href, NOW), name).toBe(false)
        }
      })

      it('signs keys whose characters need escaping in a URL', async () => {
        const key = 'tasks/cgt 1/a#b?c%d&é.mp4'
        await put(key, 'odd')
        const url = await blobs.signedUrl(key, 60, NOW)
        expect(new URL(url).hash).toBe('')
        expect(await fx.checkUrl(url, NOW)).toBe(true)
      })
    })

    it('answers ping while open', async () => {
      expect(await blobs.ping()).toBe(true)
    })
  })
}
