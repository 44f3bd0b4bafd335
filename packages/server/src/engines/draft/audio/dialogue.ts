import { detectLanguage, namedLanguage, type Language } from './language.js'

/** Who speaks a line: picks the voice (voices.ts). */
export type Speaker = 'man' | 'woman' | 'child' | 'old-man' | 'old-woman' | 'narrator'

/** One quoted line of the prompt, to be spoken (issue 4, "Voice"). */
export interface DialogueLine {
  /** The words inside the quotes, trimmed. */
  text: string
  speaker: Speaker
  language: Language
  /** Where the quote opens in the prompt, 0 … 1: lines keep this order and roughly this place. */
  position: number
}

/** Straight, curly and corner-bracket quotes (and guillemets), each pair captured separately. */
const QUOTES = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』|«([^»]*)»/gu

/** The prompt with its quoted lines blanked out: what is said is not what is shown or heard around it. */
export const withoutQuotes = (prompt: string): string => prompt.replace(QUOTES, ' ')

const SENTENCE_END = /[.!?。！？\n]/u

type Cue = Speaker | 'old'

/** Words around a quote that tell who says it, lower-case; "old" qualifies the next person. */
const WORD_CUES: Record<string, Cue> = Object.fromEntries(
  (
    [
      [
        'man',
        'man men he guy gentleman father dad husband boyfriend king sir mister homme hombre mann',
      ],
      ['woman', 'woman women she lady mother mom mum wife girlfriend queen madam femme mujer frau'],
      ['child', 'child children kid kids boy girl toddler baby son daughter enfant niño niña'],
      ['old', 'old elderly aged ancient vieil vieux vieille viejo vieja'],
      ['old-man', 'grandpa grandfather grandad granddad'],
      ['old-woman', 'grandma grandmother granny'],
      [
        'narrator',
        'narrator narrators narration narrates voiceover voice-over announcer narrateur',
      ],
    ] as const
  ).flatMap(([cue, words]) => words.split(' ').map((w) => [w, cue as Cue])),
)

/** Cues in scripts without spaces between words, found as substrings. */
const CJK_CUES: ReadonlyArray<[string, Cue]> = [
  ['ナレーター', 'narrator'],
  ['ナレーション', 'narrator'],
  ['おじいさん', 'old-man'],
  ['おばあさん', 'old-woman'],
  ['老人', 'old-man'],
  ['子供', 'child'],
  ['子ども', 'child'],
  ['少年', 'child'],
  ['少女', 'child'],
  ['女性', 'woman'],
  ['彼女', 'woman'],
  ['女', 'woman'],
  ['男性', 'man'],
  ['男', 'man'],
  ['彼', 'man'],
]

/** Every cue in `text` with where it starts, in reading order. */
function cuesIn(text: string): Array<{ at: number; cue: Cue }> {
  const found: Array<{ at: number; cue: Cue }> = []
  for (const m of text.toLowerCase().matchAll(/[\p{L}'-]+/gu)) {
    const cue = WORD_CUES[m[0]]
    if (cue) found.push({ at: m.index, cue })
  }
  const taken = new Set<number>()
  for (const [word, cue] of CJK_CUES) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      // A longer cue listed first ("彼女") owns its characters; "彼" inside it is not a man.
      if (taken.has(at)) continue
      for (let k = 0; k < word.length; k++) taken.add(at + k)
      found.push({ at, cue })
    }
  }
  return found.sort((a, b) => a.at - b.at)
}

/** The first person a clause names: the subject, usually, of "X says". "Old" ages who follows. */
function speakerIn(text: string): Speaker | undefined {
  const cues = cuesIn(text)
  for (const [i, { cue }] of cues.entries()) {
    if (cue !== 'old') return cue
    const next = cues[i + 1]?.cue
    return next === 'woman' || next === 'old-woman' ? 'old-woman' : 'old-man'
  }
  return undefined
}

/**
 * The prompt's quoted lines in order, each with a speaker from the clause that introduces it
 * ("an old man whispers: …") or, failing that, the clause that follows it ("…," she says); a line
 * with no cue is the narrator's. The language is the one a cue names ("in French") or the one the
 * text is written in. Quotes with nothing to pronounce are skipped.
 */
export function parseDialogue(prompt: string): DialogueLine[] {
  const quotes = [...prompt.matchAll(QUOTES)].map((m) => ({
    text: (m.slice(1).find((g) => g !== undefined) ?? '').trim(),
    start: m.index,
    end: m.index + m[0].length,
  }))
  return quotes.flatMap((q, i) => {
    if (!/[\p{L}\p{N}]/u.test(q.text)) return []
    const before =
      prompt
        .slice(quotes[i - 1]?.end ?? 0, q.start)
        .split(SENTENCE_END)
        .at(-1) ?? ''
    const after = prompt.slice(q.end, quotes[i + 1]?.start).split(SENTENCE_END)[0] ?? ''
    return [
      {
        text: q.text,
        speaker: speakerIn(before) ?? speakerIn(after) ?? 'narrator',
        language: namedLanguage(`${before} ${after}`) ?? detectLanguage(q.text),
        position: q.start / Math.max(1, prompt.length),
      },
    ]
  })
}
