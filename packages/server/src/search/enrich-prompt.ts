import { promptEntities } from './prompt-entities.js'
import type { SearchResult } from './search-provider.js'

export type WeatherFact = 'storm' | 'snow' | 'rain' | 'fog' | 'wind' | 'clouds' | 'clear'
export type TimeOfDayFact = 'dawn' | 'morning' | 'noon' | 'sunset' | 'dusk' | 'night'

/** What the results say about the prompt's subject, in words every engine understands. */
export interface SearchFacts {
  weather?: WeatherFact
  timeOfDay?: TimeOfDayFact
  place?: string
  /** A headline for an on-screen caption or title card. */
  caption?: string
  colours?: string[]
  /** Scenery and things to show: `city`, `harbour`, `boats`, `crowd`, … */
  objects?: string[]
}

export interface SearchSource {
  title: string
  url: string
}

export interface Enrichment {
  /** The prompt with the facts appended as plain words ("…, snow, night, city"). */
  prompt: string
  facts: SearchFacts
  /** The results a fact or the caption came from, best first. */
  sources: SearchSource[]
}

type Vocabulary<T extends string> = ReadonlyArray<readonly [T, RegExp]>

/** Strongest first: on a tie the stronger weather wins (a snowstorm outranks its clouds). */
const WEATHER: Vocabulary<WeatherFact> = [
  ['storm', /\b(?:thunder\w*|storms?|stormy|hurricane|typhoon|lightning)\b/g],
  ['snow', /\b(?:snow|snows|snowing|snowy|snowfall|snowstorm|blizzard|sleet|flurr(?:y|ies))\b/g],
  ['rain', /\b(?:rain|rains|raining|rainy|rainfall|showers?|drizzle|downpour)\b/g],
  ['fog', /\b(?:fog|foggy|mist|misty|haze|hazy)\b/g],
  ['wind', /\b(?:wind|winds|windy|gales?|gusts?|gusty)\b/g],
  ['clouds', /\b(?:cloud|clouds|cloudy|overcast)\b/g],
  ['clear', /\b(?:sunny|sunshine|clear skies|clear sky)\b/g],
]

const TIME: Vocabulary<TimeOfDayFact> = [
  ['night', /\b(?:tonight|night|nighttime|overnight|darkness|after dark|polar night)\b/g],
  ['dawn', /\b(?:dawn|daybreak)\b/g],
  ['morning', /\b(?:this morning|morning)\b/g],
  ['noon', /\b(?:midday|noon|this afternoon)\b/g],
  ['sunset', /\b(?:this evening|evening)\b/g],
  ['dusk', /\b(?:dusk|twilight)\b/g],
]

const COLOURS: Vocabulary<string> =
  'red orange yellow golden green blue purple violet pink white grey black silver turquoise'
    .split(' ')
    .map((c) => [c, new RegExp(`\\b${c === 'grey' ? 'gr[ae]y' : c}\\b`, 'g')] as const)

const OBJECTS: Vocabulary<string> = [
  ['city', /\b(?:city|capital|downtown|town)\b/g],
  ['harbour', /\b(?:harbou?r|port)\b/g],
  ['mountains', /\b(?:mountains?|volcano(?:es)?|peaks?)\b/g],
  ['beach', /\b(?:beach|beaches)\b/g],
  ['forest', /\b(?:forests?|woods)\b/g],
  ['lake', /\b(?:lakes?|fjords?)\b/g],
  ['boats', /\b(?:boats?|ships?|ferry|ferries)\b/g],
  ['cars', /\b(?:cars|traffic)\b/g],
  ['train', /\b(?:trains?|trams?)\b/g],
  ['crowd', /\b(?:crowds?|festival|parade|protest|fans)\b/g],
  ['lighthouse', /\blighthouses?\b/g],
  ['birds', /\b(?:birds|puffins?|gulls)\b/g],
]

/** Lower case without accents, so "Reykjavík" in a result matches "Reykjavik" in a prompt. */
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()

/** "no snow", "not raining", "without wind": a mention that says the opposite. */
const NEGATED = /\b(?:no|not|without|zero)\s+(?:\w+\s+)?$/

/** Each result weighs by rank (first 1, then 1/2, 1/3…); negated mentions do not count. */
function score<T extends string>(texts: string[], vocab: Vocabulary<T>) {
  const totals = new Map<T, number>()
  const hits = new Map<T, Set<number>>()
  texts.forEach((text, rank) => {
    for (const [value, pattern] of vocab) {
      for (const m of text.matchAll(pattern)) {
        if (NEGATED.test(text.slice(Math.max(0, m.index - 24), m.index))) continue
        totals.set(value, (totals.get(value) ?? 0) + 1 / (rank + 1))
        hits.set(value, (hits.get(value) ?? new Set()).add(rank))
      }
    }
  })
  const order = vocab.map(([v]) => v)
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([v]) => v)
  return { ranked, hits }
}

/** A result's title without its site suffix, plus a short first sentence of its snippet. */
function captionOf(result: SearchResult): string {
  const parts = result.title.split(/\s+[-|–—·]\s+/)
  const title = (parts.length > 1 && parts[0]!.length >= 12 ? parts[0]! : result.title).trim()
  const sentence = /^[^.!?]{3,60}[.!?]?/.exec(result.content.trim())?.[0].trim()
  const text = sentence && !title.includes(sentence) ? `${title}: ${sentence}` : title
  return text.length > 100 ? `${text.slice(0, 99).trimEnd()}…` : text
}

/**
 * Folds search results into the generation (spec §2.7): the weather and time of day the results
 * report, the place the prompt names, colours and scenery they mention, and a caption from the best
 * result (the first that names the place, or else the first name, else the first result). The facts are appended to the prompt as
 * plain words, so any engine (and the draft engine's lexicon) picks them up; the caption travels
 * apart for engines that can show it.
 */
export function enrichPrompt(prompt: string, results: readonly SearchResult[]): Enrichment {
  const texts = results.map((r) => fold(`${r.title}. ${r.content}`))
  const facts: SearchFacts = {}
  const used = new Set<number>()
  const { places, names } = promptEntities(prompt)
  const place = places[0]
  if (place) facts.place = place
  const pick = <T extends string>(vocab: Vocabulary<T>, count: number): T[] => {
    const { ranked, hits } = score(texts, vocab)
    const kept = ranked.slice(0, count)
    for (const value of kept) for (const rank of hits.get(value) ?? []) used.add(rank)
    return kept
  }
  const [weather] = pick(WEATHER, 1)
  if (weather) facts.weather = weather
  const [time] = pick(TIME, 1)
  if (time) facts.timeOfDay = time
  const colours = pick(COLOURS, 3)
  if (colours.length > 0) facts.colours = colours
  const objects = pick(OBJECTS, 3)
  if (objects.length > 0) facts.objects = objects
  const subject = place ?? names[0]
  const about = subject ? texts.findIndex((t) => t.includes(fold(subject))) : -1
  const headline = about === -1 ? 0 : about
  if (results[headline]) {
    facts.caption = captionOf(results[headline])
    used.add(headline)
  }
  const words = [facts.weather, facts.timeOfDay, ...(facts.objects ?? []), ...(facts.colours ?? [])]
  const extra = words.filter((w): w is string => w !== undefined)
  return {
    prompt: extra.length > 0 ? `${prompt.trim()}, ${extra.join(', ')}` : prompt,
    facts,
    sources: [...used]
      .sort((a, b) => a - b)
      .map((i) => ({ title: results[i]!.title, url: results[i]!.url })),
  }
}
