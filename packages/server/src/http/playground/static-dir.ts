import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'

/** The content types the playground serves; any other file in a served folder stays private. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export interface StaticFile {
  path: string
  contentType: string
}

/**
 * The servable files under `root`, by their URL path relative to it (`js/main.js`). Requests are
 * answered only from this listing, so no request path ever reaches the file system: `..`, encoded
 * separators and files of other types (source maps, declarations) are simply not found.
 */
export async function listStaticFiles(root: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>()
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const contentType = CONTENT_TYPES[extname(entry.name)]
    if (contentType === undefined) continue
    // `parentPath` is Node 20.12+; 20.11 names the folder `path`.
    const path = join(entry.parentPath ?? entry.path, entry.name)
    files.set(relative(root, path).split(sep).join('/'), { path, contentType })
  }
  return files
}

/** A file's bytes, read on every request so an edited page shows on reload (they are small). */
export const readStaticFile = (file: StaticFile): Promise<Buffer> => readFile(file.path)
