import { randomUUID } from 'node:crypto'
import type { Stats } from 'node:fs'
import {
  access,
  constants,
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { notFound } from '../lib/app-error.js'
import type { BlobStore } from './blob-store.js'
import { signBlobUrl } from './url-signature.js'

export interface FsBlobStoreOptions {
  /** The folder holding the blobs, one file per key; created when first needed. */
  root: string
  /** The HMAC key of signed URLs; the `/files/*` route verifies them with the same secret. */
  secret: string
  /** The server's public base URL, read when signing (it may be known only once listening). */
  publicUrl: () => string
}

/** Each blob `k` has a sidecar `k.meta.json` holding its content type, so no key may end so. */
const META_SUFFIX = '.meta.json'
const FALLBACK_TYPE = 'application/octet-stream'

/**
 * The BlobStore port on a local folder (the embedded default). A key is a relative path under
 * `root`; keys that could leave it are refused. Writes go to a temporary name in the target's
 * folder and are renamed into place, so a reader sees the old blob or the whole new one, never a
 * partial file. URLs point at the app's own `/files/*` route, signed with HMAC (url-signature.ts).
 *
 * A folder cannot be both a blob and a prefix of others (`a` and `a/b`), unlike an S3 bucket;
 * Kinora's keys (`tasks/<id>/video.mp4`) never need that.
 */
export function createFsBlobStore(opts: FsBlobStoreOptions): BlobStore {
  const root = resolve(opts.root)

  const pathOf = (key: string): string => {
    const problem = keyProblem(key)
    if (problem !== null) {
      throw new Error(`The blob key ${JSON.stringify(key)} is refused: ${problem}.`)
    }
    return join(root, ...key.split('/'))
  }

  const fileStat = async (path: string): Promise<Stats | null> => {
    const info = await stat(path).catch(ignoreMissing)
    return info?.isFile() ? info : null
  }

  return {
    async putFile(key, source, contentType) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      // Metadata first: a crash between the two leaves a sidecar without a blob, which reads as
      // absent, rather than a blob without its type.
      await writeAtomically(path + META_SUFFIX, (tmp) =>
        writeFile(tmp, JSON.stringify({ contentType })),
      )
      await writeAtomically(path, (tmp) => copyFile(source, tmp))
    },

    async getFile(key, destination) {
      const path = pathOf(key)
      if ((await fileStat(path)) === null) throw notFound('file', key)
      await copyFile(path, destination)
    },

    async stat(key) {
      const path = pathOf(key)
      const info = await fileStat(path)
      if (info === null) return null
      return { size: info.size, contentType: await readContentType(path + META_SUFFIX) }
    },

    async createReadStream(key, range) {
      const path = pathOf(key)
      if (range !== undefined && !isValidRange(range)) {
        throw new RangeError(`Invalid byte range ${range.start}-${range.end} for ${key}.`)
      }
      const handle = await open(path, 'r').catch(ignoreMissing)
      if (handle === null) throw notFound('file', key)
      if (!(await handle.stat()).isFile()) {
        await handle.close()
        throw notFound('file', key)
      }
      return handle.createReadStream(
        range === undefined ? {} : { start: range.start, end: range.end },
      )
    },

    async delete(key) {
      const path = pathOf(key)
      await rm(path, { force: true })
      await rm(path + META_SUFFIX, { force: true })
    },

    async deletePrefix(prefix) {
      const problem = prefixProblem(prefix)
      if (problem !== null) {
        throw new Error(`The blob prefix ${JSON.stringify(prefix)} is refused: ${problem}.`)
      }
      const cut = prefix.lastIndexOf('/')
      const folder = join(root, ...prefix.slice(0, cut + 1).split('/'))
      const start = prefix.slice(cut + 1)
      // `tasks/<id>/`: every key under that folder matches, so the folder goes as a whole.
      if (start === '') {
        await rm(folder, { recursive: true, force: true })
        return
      }
      const names = await readdir(folder).catch(ignoreMissing)
      for (const name of names ?? []) {
        const blobName = name.endsWith(META_SUFFIX) ? name.slice(0, -META_SUFFIX.length) : name
        // A sidecar goes with its blob: `x.mp4.m` matches the name `x.mp4.meta.json`, not `x.mp4`.
        if (blobName.startsWith(start)) {
          await rm(join(folder, name), { recursive: true, force: true })
        }
      }
    },

    async signedUrl(key, ttlSeconds, now) {
      pathOf(key)
      return signBlobUrl(opts.publicUrl(), key, ttlSeconds, opts.secret, now)
    },

    async ping() {
      try {
        await mkdir(root, { recursive: true })
        await access(root, constants.R_OK | constants.W_OK)
        return true
      } catch {
        return false
      }
    },

    async close() {},
  }
}

/** Why `key` cannot name a blob, or null when it can. */
function keyProblem(key: string): string | null {
  if (key.endsWith(META_SUFFIX)) return `names ending in "${META_SUFFIX}" are reserved`
  return keyPathProblem(key)
}

/** Why `prefix` cannot select keys, or null when it can. */
function prefixProblem(prefix: string): string | null {
  if (prefix === '') return 'it is empty, which would select every blob'
  // What follows the last slash is a partial name; completed, the prefix must be a valid key path.
  return keyPathProblem(`${prefix}_`)
}

function keyPathProblem(key: string): string | null {
  if (key === '') return 'it is empty'
  if (key.includes('\0')) return 'it contains a NUL character'
  if (key.includes('\\')) return 'it contains a backslash'
  if (key.startsWith('/')) return 'it is an absolute path'
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty segment'
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`
  }
  return null
}

const isValidRange = ({ start, end }: { start: number; end: number }): boolean =>
  Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end

async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`
  try {
    await write(tmp)
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

async function readContentType(metaPath: string): Promise<string> {
  const text = await readFile(metaPath, 'utf8').catch(ignoreMissing)
  if (text === null) return FALLBACK_TYPE
  const meta = JSON.parse(text) as { contentType?: unknown }
  return typeof meta.contentType === 'string' ? meta.contentType : FALLBACK_TYPE
}

/** For `.catch`: a missing file becomes null, any other failure still throws. */
function ignoreMissing(err: unknown): null {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
  throw err
}
