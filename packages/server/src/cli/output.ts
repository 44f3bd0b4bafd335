import type { Command } from 'commander'

/** The `--json` option every command that prints a result has. */
export interface JsonOption {
  json?: boolean
}

/** Adds `--json`: the result as one JSON document on stdout, and nothing else there. */
export const withJson = (command: Command): Command =>
  command.option('--json', 'print the result as one JSON document on stdout (the API object)')

/**
 * Prints a command's result on stdout: with `--json` the wire object as JSON, else the `human`
 * text. Messages and progress go to stderr either way, so stdout stays parseable.
 */
export function printResult(o: JsonOption, value: unknown, human: () => string): void {
  if (o.json) printJson(value)
  else process.stdout.write(`${human()}\n`)
}

/**
 * Prints a value as indented JSON on stdout. Written to the stream, not through `console.log`,
 * which `index.ts` points at stderr so that no library's chatter lands among results.
 */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

const scalar = (value: unknown): string =>
  value === null || typeof value !== 'object' ? String(value) : JSON.stringify(value)

/** One `key  value` line per field, nested objects flattened to `a.b` keys, keys aligned. */
export function formatFields(value: object): string {
  const rows: [string, string][] = []
  const walk = (obj: object, prefix: string) => {
    for (const [key, v] of Object.entries(obj)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v, `${prefix}${key}.`)
      else if (v !== undefined) rows.push([`${prefix}${key}`, scalar(v)])
    }
  }
  walk(value, '')
  const width = Math.max(0, ...rows.map(([key]) => key.length))
  return rows.map(([key, v]) => `${key.padEnd(width)}  ${v}`).join('\n')
}

/** Rows under a header, columns aligned; `empty` when there are no rows. */
export function formatTable(header: string[], rows: unknown[][], empty: string): string {
  if (rows.length === 0) return empty
  const cells = [header, ...rows.map((row) => row.map((v) => (v == null ? '' : scalar(v))))]
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)))
  return cells
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '),
    )
    .join('\n')
}
