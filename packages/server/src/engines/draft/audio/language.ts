/**
 * eSpeak NG language codes the speech stage picks from (each has a dictionary in the bundled
 * espeak-ng data). Scripts decide most of them; Latin-script text is told apart by common words.
 */
export type Language =
  | 'en-us'
  | 'fr'
  | 'es'
  | 'de'
  | 'it'
  | 'pt'
  | 'nl'
  | 'ru'
  | 'el'
  | 'ar'
  | 'he'
  | 'hi'
  | 'ja'
  | 'cmn'
  | 'ko'

/** Scripts that name their language outright, checked in this order (kana before Han). */
const SCRIPTS: ReadonlyArray<[RegExp, Language]> = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Han}/u, 'cmn'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Devanagari}/u, 'hi'],
]

/** Frequent short words of each Latin-script language; letters only one of them uses weigh more. */
const WORDS: Record<'en-us' | 'fr' | 'es' | 'de' | 'it' | 'pt' | 'nl', string> = {
  'en-us': 'the a an and is are you i it to of we this that what my your not be do have me',
  fr: 'le la les et est je tu vous nous un une des ce que qui pas mon ma ne il elle oui bonjour',
  es: 'el la los las y es yo tú que un una de no mi por qué está hola sí gracias muy',
  de: 'der die das und ist ich du nicht ein eine wir sie es mein ja was wie hallo danke',
  it: 'il la e è io tu che un una non di mi sono ciao grazie si come sei',
  pt: 'o a os as e é eu você que um uma não de meu minha obrigado olá sim está',
  nl: 'de het een en is ik jij je niet wat mijn wij zij ja hallo dank',
}
const LETTERS: Array<[RegExp, keyof typeof WORDS]> = [
  [/[ñ¿¡]/u, 'es'],
  [/[çœêèëîâû]/u, 'fr'],
  [/[ßäöü]/u, 'de'],
  [/[ãõ]/u, 'pt'],
  [/[ìò]/u, 'it'],
]

/** Language names a cue may give ("she says in French"), in English and natively. */
const NAMED: ReadonlyArray<[readonly string[], Language]> = [
  [['english', 'anglais', 'inglés'], 'en-us'],
  [['french', 'français', 'francés'], 'fr'],
  [['spanish', 'español', 'espagnol'], 'es'],
  [['german', 'deutsch', 'allemand', 'alemán'], 'de'],
  [['italian', 'italiano', 'italien'], 'it'],
  [['portuguese', 'português'], 'pt'],
  [['dutch', 'nederlands'], 'nl'],
  [['russian', 'русский'], 'ru'],
  [['japanese', '日本語'], 'ja'],
  [['chinese', 'mandarin', '中文', '普通话'], 'cmn'],
  [['korean', '한국어'], 'ko'],
]

/** The language a cue around a quote names, if any ("…, she whispers in Spanish"). */
export function namedLanguage(cue: string): Language | undefined {
  const words = new Set(cue.toLowerCase().match(/\p{L}+/gu) ?? [])
  const hit = NAMED.find(([names]) =>
    names.some(
      (name) => words.has(name) || (/^\P{Script=Latin}/u.test(name) && cue.includes(name)),
    ),
  )
  return hit?.[1]
}

/**
 * The language of a line of dialogue: its script when that settles it, else the Latin-script
 * language whose frequent words and letters it uses most; English when nothing tells.
 */
export function detectLanguage(text: string): Language {
  const script = SCRIPTS.find(([pattern]) => pattern.test(text))
  if (script) return script[1]
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? []
  let best: keyof typeof WORDS = 'en-us'
  let bestScore = 0
  for (const [language, list] of Object.entries(WORDS) as Array<[keyof typeof WORDS, string]>) {
    const known = new Set(list.split(' '))
    let score = words.filter((w) => known.has(w)).length
    for (const [pattern, owner] of LETTERS) if (owner === language && pattern.test(text)) score += 2
    if (score > bestScore) {
      best = language
      bestScore = score
    }
  }
  return best
}
