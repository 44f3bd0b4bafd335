import type { AssetSort } from './asset-store.js'

const COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', name: 'name' } as const

/**
 * `ORDER BY` for asset and group lists, shared by the SQLite and PostgreSQL drivers (both
 * migrations create the same columns). Built from a whitelist, never from the request's text;
 * `seq` breaks ties.
 */
export function assetOrderBy(s: AssetSort): string {
  const dir = s.sortOrder === 'asc' ? 'ASC' : 'DESC'
  return `ORDER BY ${COLUMNS[s.sortBy]} ${dir}, seq ${dir}`
}
