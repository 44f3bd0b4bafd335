/**
 * Why `key` cannot name a blob, or null when it can. Keys are relative, slash-separated paths
 * without empty, `.` or `..` segments, so that no driver can be led outside its root (a folder, or
 * a bucket whose objects someone may later copy to disk), and so each blob has exactly one key.
 */
export function keyPathProblem(key: string): string | null {
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

/** Why `prefix` cannot select keys for `deletePrefix`, or null when it can. */
export function prefixProblem(prefix: string): string | null {
  if (prefix === '') return 'it is empty, which would select every blob'
  // What follows the last slash is a partial name; completed, the prefix must be a valid key path.
  return keyPathProblem(`${prefix}_`)
}
