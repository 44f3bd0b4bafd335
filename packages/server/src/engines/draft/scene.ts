import { IMPLICATIONS, LEXICON, NEGATIONS } from './lexicon.js'
import { createRng, type Rng } from './prng.js'

/** Slot values, named by the lexicon's keys so data and types cannot drift apart. */
export type Setting = keyof typeof LEXICON.setting
export type TimeOfDay = keyof typeof LEXICON.time
export type Weather = keyof typeof LEXICON.weather
export type Palette = keyof typeof LEXICON.palette | 'natural'
export type Subject = keyof typeof LEXICON.subject
export type Feature = keyof typeof LEXICON.feature
export type CameraMove = Exclude<keyof typeof LEXICON.camera, 'handheld'>
export type Mood = keyof typeof LEXICON.mood
export type Tempo = keyof typeof LEXICON.tempo

type SingleSlot = 'setting' | 'time' | 'weather' | 'palette' | 'camera' | 'mood' | 'tempo'

/**
 * What the draft engine will show and play, parsed from the prompt. A plain object: it is logged on
 * the task (`notes.scene`) and shared by the picture and the sound, so what is seen is what is heard.
 */
export interface Scene {
  setting: Setting
  time: TimeOfDay
  weather: Weather
  palette: Palette
  subjects: Subject[]
  features: Feature[]
  camera: CameraMove
  handheld: boolean
  mood: Mood
  tempo: Tempo
  /** Where each single-valued slot came from: `prompt:<words>`, `implied:<words>` or `seed`. */
  origin: Record<SingleSlot, string>
}

type Slot = keyof typeof LEXICON
interface Match {
  slot: Slot
  value: string
  words: string
  negated: boolean
}

const normalize = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9'&]+/g, ' ')
    .trim()

/** Phrase → matches, built once from the lexicon; a phrase may fill several slots ("cyberpunk"). */
const PHRASES = new Map<string, Array<{ slot: Slot; value: string }>>()
let longestPhrase = 1
for (const [slot, values] of Object.entries(LEXICON) as Array<
  [Slot, Record<string, readonly string[]>]
>) {
  for (const [value, words] of Object.entries(values)) {
    for (const word of words) {
      const key = normalize(word)
      longestPhrase = Math.max(longestPhrase, key.split(' ').length)
      PHRASES.set(key, [...(PHRASES.get(key) ?? []), { slot, value }])
    }
  }
}

const singulars = (word: string): string[] => [
  word,
  word.replace(/s$/, ''),
  word.replace(/es$/, ''),
]

/** Every lexicon match in prompt order, longest phrase first at each position. */
function findMatches(prompt: string): Match[] {
  const tokens = normalize(prompt).split(' ').filter(Boolean)
  const found: Match[] = []
  let i = 0
  while (i < tokens.length) {
    let used = 1
    for (let n = Math.min(longestPhrase, tokens.length - i); n >= 1; n--) {
      const head = tokens.slice(i, i + n - 1)
      const last = tokens[i + n - 1]!
      const hit = singulars(last)
        .map((form) => [...head, form].join(' '))
        .find((phrase) => PHRASES.has(phrase))
      if (!hit) continue
      used = n
      const negated = (NEGATIONS as readonly string[]).includes(tokens[i - 1] ?? '')
      for (const m of PHRASES.get(hit)!) found.push({ ...m, words: hit, negated })
      break
    }
    i += used
  }
  return found
}

/** The strongest weather wins when several are named ("rain and thunder" is a storm). */
const WEATHER_RANK: Weather[] = ['storm', 'snow', 'rain', 'fog', 'wind', 'clouds', 'clear']

const DEFAULT_SUBJECTS: Record<Setting, Subject[][]> = {
  beach: [['seagulls'], ['person'], ['seagulls', 'couple'], ['tree']],
  ocean: [['boat'], ['seagulls'], ['boat', 'seagulls']],
  mountains: [['birds'], ['tree'], ['house', 'tree']],
  forest: [['tree'], ['tree', 'animal'], ['tree', 'birds']],
  desert: [['animal'], [], ['balloon']],
  city: [['car', 'crowd'], ['car', 'person'], ['crowd']],
  countryside: [
    ['house', 'tree'],
    ['tree', 'animal'],
    ['balloon', 'tree'],
    ['train', 'tree'],
  ],
  lake: [
    ['boat', 'tree'],
    ['birds', 'tree'],
    ['house', 'tree'],
  ],
  space: [[]],
  snowfield: [['house'], ['animal'], []],
  interior: [['person'], []],
}

const MOOD_BY_LIGHT: Record<TimeOfDay, Mood[]> = {
  dawn: ['calm', 'mysterious'],
  morning: ['joyful', 'calm'],
  noon: ['joyful', 'epic'],
  golden: ['calm', 'joyful'],
  sunset: ['calm', 'melancholic'],
  dusk: ['melancholic', 'mysterious'],
  night: ['mysterious', 'calm'],
}

const TEMPO_BY_MOOD: Record<Mood, Tempo> = {
  calm: 'slow',
  melancholic: 'slow',
  mysterious: 'slow',
  joyful: 'medium',
  epic: 'medium',
  tense: 'fast',
}

function defaultMood(time: TimeOfDay, weather: Weather, rng: Rng): Mood {
  if (weather === 'storm') return 'tense'
  if (weather === 'rain') return rng.pick(['melancholic', 'calm'] as const)
  if (weather === 'fog') return 'mysterious'
  return rng.pick(MOOD_BY_LIGHT[time])
}

/**
 * Turns a prompt into a Scene. Words fill slots through the lexicon, implications fill what the
 * words imply, and every slot still open is chosen by the seed, so any prompt (even an empty or
 * foreign one) renders something coherent, and the same prompt and seed always give the same scene.
 */
export function parseScene(prompt: string, seed: number): Scene {
  const rng = createRng(seed, 'scene')
  const all = findMatches(prompt)
  const matches = all.filter((m) => !m.negated)
  const refused = new Set(all.filter((m) => m.negated).map((m) => m.value))
  const single = new Map<SingleSlot, { value: string; origin: string }>()
  const subjects: Subject[] = []
  const features: Feature[] = []
  let handheld = false
  const add = <T extends string>(list: T[], value: T) => list.includes(value) || list.push(value)

  for (const m of matches) {
    if (m.slot === 'subject') add(subjects, m.value as Subject)
    else if (m.slot === 'feature') add(features, m.value as Feature)
    else if (m.slot === 'camera' && m.value === 'handheld') handheld = true
    else if (m.slot === 'weather') {
      const current = single.get('weather')
      const rank = (w: string) => WEATHER_RANK.indexOf(w as Weather)
      if (!current || rank(m.value) < rank(current.value)) {
        single.set('weather', { value: m.value, origin: `prompt:${m.words}` })
      }
    } else if (!single.has(m.slot as SingleSlot)) {
      single.set(m.slot as SingleSlot, { value: m.value, origin: `prompt:${m.words}` })
    }
  }

  const present = ([slot, value]: readonly [Slot, string]): boolean =>
    slot === 'subject'
      ? subjects.includes(value as Subject)
      : slot === 'feature'
        ? features.includes(value as Feature)
        : single.get(slot as SingleSlot)?.value === value
  for (const rule of IMPLICATIONS) {
    if (!present(rule.when)) continue
    const origin = `implied:${rule.when[1]}`
    const { feature, ...slots } = rule.then
    for (const [slot, value] of Object.entries(slots) as Array<[SingleSlot, string]>) {
      if (!single.has(slot)) single.set(slot, { value, origin })
    }
    if (feature) add(features, feature as Feature)
  }

  const choose = <T extends string>(slot: SingleSlot, fallback: () => T): T => {
    const hit = single.get(slot)
    if (hit) return hit.value as T
    const value = fallback()
    single.set(slot, { value, origin: 'seed' })
    return value
  }

  const setting = choose<Setting>('setting', () =>
    rng.pick([
      'beach',
      'ocean',
      'mountains',
      'forest',
      'desert',
      'city',
      'countryside',
      'lake',
    ] as const),
  )
  const time = choose<TimeOfDay>('time', () =>
    setting === 'space'
      ? 'night'
      : rng.pick(['dawn', 'morning', 'noon', 'golden', 'sunset', 'dusk', 'night'] as const),
  )
  const weather = choose<Weather>('weather', () => {
    if (setting === 'space' || setting === 'interior') return 'clear'
    const r = rng.next()
    return r < 0.5 ? 'clear' : r < 0.8 ? 'clouds' : r < 0.9 ? 'fog' : 'wind'
  })
  const palette = choose<Palette>('palette', () => 'natural')
  if (subjects.length === 0) {
    subjects.push(...rng.pick(DEFAULT_SUBJECTS[setting]).filter((s) => !refused.has(s)))
  }
  const movers = subjects.some((s) =>
    ['person', 'couple', 'car', 'train', 'animal', 'boat'].includes(s),
  )
  const camera = choose<CameraMove>('camera', () =>
    rng.pick([
      'push-in',
      'pull-out',
      'pan-left',
      'pan-right',
      'drone',
      'orbit',
      'static',
      ...(movers ? (['tracking'] as const) : []),
    ] as const),
  )
  const mood = choose<Mood>('mood', () =>
    setting === 'mountains' && rng.chance(0.5) ? 'epic' : defaultMood(time, weather, rng),
  )
  const tempo = choose<Tempo>('tempo', () => TEMPO_BY_MOOD[mood])

  const origin = Object.fromEntries(
    (['setting', 'time', 'weather', 'palette', 'camera', 'mood', 'tempo'] as const).map((slot) => [
      slot,
      single.get(slot)!.origin,
    ]),
  ) as Record<SingleSlot, string>
  return {
    setting,
    time,
    weather,
    palette,
    subjects,
    features,
    camera,
    handheld,
    mood,
    tempo,
    origin,
  }
}
