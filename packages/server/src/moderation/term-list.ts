/** Where a term is checked: `input` at create, `output` after rendering (spec §2.7). */
export type TermStage = 'input' | 'output'

export interface Term {
  /** As written in the list, for messages. */
  text: string
  stage: TermStage
  pattern: RegExp
}

export type TermList = readonly Term[]

/** Lower case, no accents, words separated by single spaces: "Spider-Man" → "spider man". */
export const foldText = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/**
 * One entry: a word or phrase matched as whole words, case and accents ignored; a trailing `*`
 * matches any ending of the last word (`porn*`); an `output:` prefix checks it after rendering
 * only (likeness and copyright: what the video shows, not what was asked).
 */
function parseTerm(entry: string): Term | undefined {
  let text = entry.trim()
  let stage: TermStage = 'input'
  if (/^output:/i.test(text)) {
    stage = 'output'
    text = text.slice('output:'.length).trim()
  }
  const prefix = text.endsWith('*')
  const words = foldText(prefix ? text.slice(0, -1) : text)
  if (!words) return undefined
  const body = words + (prefix ? '\\p{L}*' : '')
  return { text, stage, pattern: new RegExp(`(?:^| )${body}(?= |$)`, 'u') }
}

/**
 * A term list from text: one entry per line (`#` starts a comment) or, for a one-line setting,
 * entries separated by commas. Entries are letters and digits only (anything else separates
 * words), so they can never be regular expressions.
 */
export function parseTermList(text: string): TermList {
  return text
    .split(/[\n,]/)
    .map((line) => line.replace(/#.*$/, ''))
    .map(parseTerm)
    .filter((t): t is Term => t !== undefined)
}

/** The first term of `stages` that `text` contains, or undefined. */
export function findTerm(
  list: TermList,
  text: string,
  stages: readonly TermStage[],
): Term | undefined {
  const folded = foldText(text)
  return list.find((t) => stages.includes(t.stage) && t.pattern.test(folded))
}
