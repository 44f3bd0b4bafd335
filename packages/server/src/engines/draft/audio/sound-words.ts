import { NEGATIONS } from '../lexicon.js'
import { withoutQuotes } from './dialogue.js'

/** Sounds a prompt can name that the picture has no slot for (scene.ts draws none of them). */
export type SoundWord = 'fire' | 'stream' | 'engine'

const WORDS: Record<SoundWord, readonly string[]> = {
  fire: [
    'fire',
    'campfire',
    'bonfire',
    'fireplace',
    'flame',
    'flames',
    'hearth',
    'embers',
    'crackling',
  ],
  stream: ['river', 'stream', 'creek', 'brook', 'waterfall', 'fountain', 'rapids', 'cascade'],
  engine: ['engine', 'motor', 'motorboat', 'motorcycle', 'truck', 'tractor', 'bus', 'generator'],
}

/**
 * The sound words of a prompt outside its quoted lines, except right after a negation ("no
 * fire"), the same rule the scene lexicon follows.
 */
export function soundWords(prompt: string): Set<SoundWord> {
  const tokens =
    withoutQuotes(prompt)
      .toLowerCase()
      .match(/[a-z']+/g) ?? []
  const found = new Set<SoundWord>()
  tokens.forEach((token, i) => {
    if ((NEGATIONS as readonly string[]).includes(tokens[i - 1] ?? '')) return
    for (const [word, list] of Object.entries(WORDS) as Array<[SoundWord, readonly string[]]>) {
      if (list.includes(token)) found.add(word)
    }
  })
  return found
}
