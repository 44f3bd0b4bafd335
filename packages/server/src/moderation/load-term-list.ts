import { readFileSync } from 'node:fs'
import { DEFAULT_TERMS } from './default-terms.js'
import { parseTermList, type TermList } from './term-list.js'

/**
 * The term list named by `KINORA_MODERATION_TERMS`: unset is the default list; a value with a `/`
 * or ending in `.txt` is a file to read (one entry per line; `/dev/null` turns term checks off);
 * anything else is the list itself, comma-separated. Either replaces the default list.
 */
export function loadTermList(setting: string | undefined): TermList {
  if (setting === undefined) return parseTermList(DEFAULT_TERMS)
  if (!setting.includes('/') && !setting.endsWith('.txt')) return parseTermList(setting)
  try {
    return parseTermList(readFileSync(setting, 'utf8'))
  } catch (err) {
    throw new Error(
      `KINORA_MODERATION_TERMS: cannot read the term list ${setting} (${(err as Error).message}); ` +
        'name a readable file, or give the terms as a comma-separated list',
      { cause: err },
    )
  }
}
