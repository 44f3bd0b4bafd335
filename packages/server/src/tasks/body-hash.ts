import { createHash } from 'node:crypto'

/**
 * JSON with object keys sorted at every depth, so two bodies that differ only in key order (or in
 * whitespace, or in the fields that count as absent) have the same form. Array order is kept:
 * content order matters (spec §2.1).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * What an `Idempotency-Key` is checked against (spec §4): sha256 (hex) of the canonical JSON of
 * the parsed request, so a repeat is recognized whatever its key order or its `null` fields.
 */
export const bodyHash = (body: unknown): string =>
  createHash('sha256').update(canonicalJson(body)).digest('hex')
