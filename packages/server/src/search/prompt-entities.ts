/** Names found in a prompt: what web search asks about (spec §2.7). */
export interface PromptEntities {
  /** Places, named after a locative word: "in Reykjavik", "over the Golden Gate Bridge". */
  places: string[]
  /** Other capitalised names: people, landmarks, events, brands. */
  names: string[]
}

/** Capitalised words, joined across the small words inside names ("Rio de Janeiro"). */
const CAPITALISED =
  /\p{Lu}[\p{L}\p{M}\d'’-]*(?:\s+(?:(?:of|de|del|da|do|la|le|upon|am|on-the)\s+)?\p{Lu}[\p{L}\p{M}\d'’-]*)*/gu

/** Words that start sentences or name times, never things to search for on their own. */
const NOT_NAMES = new Set(
  (
    'a an the this that these those my our your his her their its it i we you he she they ' +
    'show make create render generate film shoot draw animate give let imagine picture ' +
    'today tonight now yesterday tomorrow latest current currently recent breaking live ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april may june july august september october november december ' +
    'ai cgi hd uhd pov 4k 8k'
  ).split(' '),
)

const LOCATIVE =
  /\b(?:in|at|over|near|across|around|above|from|to|through|outside|inside|along|toward|towards|into|of|for)\s+(?:the\s+)?$/i

/** "weather in reykjavik today": lowercase places after a weather or time word. */
const LOWERCASE_PLACE =
  /\b(?:weather|forecast|temperature|snow|rain|sunrise|sunset|time|news)\s+(?:in|at|for|of)\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2})/i

/** Words that end a lowercase place: "weather in oslo with snow" is about Oslo. */
const CONNECTORS = new Set(
  'and with at on during while under as where when but or by in to for'.split(' '),
)

const bareWord = (word: string) => word.toLowerCase().replace(/['’]s$/, '')

/** Leading and trailing words that are not part of the name ("Today's", "Monday"). */
function trimName(words: string[]): string[] {
  let start = 0
  let end = words.length
  while (start < end && NOT_NAMES.has(bareWord(words[start]!))) start++
  while (end > start && NOT_NAMES.has(bareWord(words[end - 1]!))) end--
  return words.slice(start, end)
}

const titleCase = (text: string) => text.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase())

/**
 * Places and names in a prompt, in prompt order, without duplicates. Capitalisation marks names;
 * a locative word before a name ("in", "over", "at") makes it a place. A lowercase prompt still
 * yields the place of "weather in reykjavik" (title-cased), since that is what searches need most.
 */
export function promptEntities(prompt: string): PromptEntities {
  const places: string[] = []
  const names: string[] = []
  const add = (list: string[], name: string) => {
    const known = [...places, ...names].some((n) => n.toLowerCase() === name.toLowerCase())
    if (!known) list.push(name)
  }
  for (const match of prompt.matchAll(CAPITALISED)) {
    const words = trimName(match[0].split(/\s+/))
    if (words.length === 0) continue
    const name = words.join(' ').replace(/['’]s$/, '')
    const before = prompt.slice(0, match.index + match[0].indexOf(words[0]!))
    add(LOCATIVE.test(before) ? places : names, name)
  }
  if (places.length === 0) {
    const lower = LOWERCASE_PLACE.exec(prompt)?.[1]
    const words = lower ? trimName(lower.split(/\s+/)) : []
    const cut = words.findIndex((w) => NOT_NAMES.has(bareWord(w)) || CONNECTORS.has(bareWord(w)))
    const kept = cut === -1 ? words : words.slice(0, cut)
    if (kept.length > 0) add(places, titleCase(kept.join(' ')))
  }
  return { places, names }
}
