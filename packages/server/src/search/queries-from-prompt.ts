import { promptEntities } from './prompt-entities.js'

/** At most this many searches per task: each one is a request to the operator's instance. */
export const MAX_QUERIES = 3

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const DAY_MS = 86_400_000

/** "25 November 2026": the form search engines match best, in UTC. */
const formatDate = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}

const MONTH = `(?:${MONTHS.join('|')})`
const WRITTEN_DATE = new RegExp(
  `\\b(?:\\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \\d{4}|${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})\\b`,
  'i',
)
const RELATIVE_TODAY =
  /\b(?:today|today's|tonight|now|currently|current|latest|recent|live|this (?:morning|afternoon|evening|week))\b/i

/** The date a prompt is about: written out, ISO, or relative to `now` ("today", "latest"). */
function promptDate(prompt: string, now: number): string | null {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(prompt)
  if (iso) {
    const ms = Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]))
    if (!Number.isNaN(ms)) return formatDate(ms)
  }
  const written = WRITTEN_DATE.exec(prompt)
  if (written) return written[0].replace(/\s+/g, ' ')
  if (/\byesterday\b/i.test(prompt)) return formatDate(now - DAY_MS)
  if (/\btomorrow\b/i.test(prompt)) return formatDate(now + DAY_MS)
  if (RELATIVE_TODAY.test(prompt)) return formatDate(now)
  return /\b(?:in|of|during|from) ((?:19|20)\d{2})\b/.exec(prompt)?.[1] ?? null
}

const WEATHER =
  /\b(?:weather|forecast|temperature|snow\w*|rain\w*|storm\w*|sunny|cloud\w*|fog\w*|wind\w*|blizzard|climate)\b/i
const NEWS = /\b(?:latest|news|newest|recent|breaking|headlines?|this week|announce\w*)\b/i
const DAYLIGHT = /\b(?:sunrise|sunset|daylight|right now|local time|dark(?:ness)?)\b/i

const FILLER = new Set(
  (
    'a an the of in on at to for with and or but is are was be this that these those it its ' +
    'show make create render generate video clip film scene shot of about please today tonight now'
  ).split(' '),
)

/** The prompt's content words, for a prompt that names nothing: the tool was asked for. */
function gist(prompt: string): string {
  const words = prompt
    .replace(/[^\p{L}\p{N}'’ -]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w.toLowerCase()))
  return words.slice(0, 8).join(' ')
}

/**
 * The searches a text-to-video prompt needs (spec §2.7): the weather at the place it names when it
 * talks about weather or "today", sunrise and sunset when it talks about daylight, the latest about
 * each name it mentions, dated when the prompt is ("today", "latest", "yesterday", a written date),
 * and the prompt's gist when it names nothing. At most `MAX_QUERIES`, never none for a non-empty
 * prompt. `now` is epoch milliseconds.
 */
export function queriesFromPrompt(prompt: string, now: number): string[] {
  const found = promptEntities(prompt)
  // "Reykjavik in the snow today": a lone name in a weather prompt is where the weather is.
  const weatherName = found.places.length === 0 && WEATHER.test(prompt) ? found.names[0] : undefined
  const places = weatherName ? [weatherName] : found.places
  const names = found.names.filter((n) => n !== weatherName)
  const date = promptDate(prompt, now)
  const dated = (q: string) => (date ? `${q} ${date}` : q)
  const queries: string[] = []
  const place = places[0]
  if (place && (WEATHER.test(prompt) || date !== null)) queries.push(dated(`${place} weather`))
  if (place && DAYLIGHT.test(prompt)) queries.push(dated(`${place} sunrise sunset`))
  const placeAsked = queries.length > 0
  for (const name of names) queries.push(dated(NEWS.test(prompt) ? `${name} latest news` : name))
  for (const other of places.slice(placeAsked ? 1 : 0)) queries.push(dated(other))
  if (queries.length === 0) {
    const words = gist(prompt)
    if (words) queries.push(dated(words))
  }
  return [...new Set(queries)].slice(0, MAX_QUERIES)
}
