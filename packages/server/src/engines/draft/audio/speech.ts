import { internal } from '../../../lib/app-error.js'
import type { DialogueLine } from './dialogue.js'
import { runEspeak } from './espeak.js'
import { LINE_SPACING, placeLines } from './place-lines.js'
import { resample } from './resample.js'
import { VOICES } from './voices.js'
import { SAMPLE_RATE, decodeWav } from './wav.js'

/** A line as it will be heard. */
export interface SpokenLine extends DialogueLine {
  /** Seconds from the start of the clip. */
  start: number
  end: number
  /** Speaking rate as a factor of eSpeak's default, after any shortening. */
  rate: number
  /** True when words were dropped from the end to fit the clip. */
  trimmed: boolean
  /** Mono samples at the soundtrack rate. */
  samples: Float32Array
}

/** Lines are sped up at most this much before words are dropped. */
const MAX_SPEEDUP = 1.5
/** The pause rendered between lines so that they can be cut apart again. */
const BREAK_MS = 1500
/** Shorter silences than this are pauses inside a line (commas, sentence ends). */
const SEPARATOR = 1.0
/** Rounds of dropping one more word when a shortened line still runs long. */
const ROUNDS = 3
/** The least time a line is given; lines beyond what the clip holds at this length are not spoken. */
const MIN_LINE = 0.4

interface Take {
  line: DialogueLine
  text: string
  rate: number
  trimmed: boolean
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** All lines as one SSML document: one eSpeak NG run (its start-up dominates the cost). */
function ssml(takes: Take[]): string {
  const body = takes.map(({ line, text, rate }) => {
    const v = VOICES[line.speaker]
    const pitch = `${v.pitch >= 0 ? '+' : ''}${v.pitch}%`
    return (
      `<voice name="${line.language}" variant="${v.variant}">` +
      `<prosody rate="${Math.round(rate * 100)}%" pitch="${pitch}">${escapeXml(text)}</prosody></voice>`
    )
  })
  return `<speak>${body.join(`<break time="${BREAK_MS}ms"/>`)}</speak>`
}

/** Cuts eSpeak's output back into lines at the `count - 1` longest silences, trimming each. */
function split(samples: Float32Array, rate: number, count: number): Float32Array[] {
  const quiet = 1e-3
  const runs: Array<{ from: number; to: number }> = []
  let from = -1
  for (let i = 0; i <= samples.length; i++) {
    const silent = i < samples.length && Math.abs(samples[i]!) < quiet
    if (silent && from < 0) from = i
    if (!silent && from >= 0) {
      if (i - from >= SEPARATOR * rate) runs.push({ from, to: i })
      from = -1
    }
  }
  const cuts = runs
    .filter((r) => r.from > 0 && r.to < samples.length)
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .slice(0, count - 1)
    .sort((a, b) => a.from - b.from)
  if (cuts.length < count - 1) throw internal(`eSpeak NG gave fewer than ${count} spoken lines`)
  const bounds = [0, ...cuts.flatMap((c) => [c.from, c.to]), samples.length]
  return Array.from({ length: count }, (_, k) => {
    let a = bounds[2 * k]!
    let b = bounds[2 * k + 1]!
    while (a < b && Math.abs(samples[a]!) < quiet) a++
    while (b > a && Math.abs(samples[b - 1]!) < quiet) b--
    return samples.subarray(a, b)
  })
}

async function synthesize(takes: Take[], signal: AbortSignal): Promise<Float32Array[]> {
  const wav = decodeWav(await runEspeak(['-m', '-v', 'en-us', ssml(takes)], signal))
  return split(wav.channels[0]!, wav.rate, takes.length).map((s) =>
    resample(s, wav.rate, SAMPLE_RATE),
  )
}

/** The text up to the end of its `count`-th word, by the language's own word breaks. */
function firstWords(text: string, language: string, count: number): string {
  let words = 0
  for (const s of new Intl.Segmenter(language, { granularity: 'word' }).segment(text)) {
    if (s.isWordLike && ++words === count) return text.slice(0, s.index + s.segment.length)
  }
  return text
}

const wordCount = (text: string, language: string) =>
  [...new Intl.Segmenter(language, { granularity: 'word' }).segment(text)].filter(
    (s) => s.isWordLike,
  ).length

const seconds = (samples: Float32Array) => samples.length / SAMPLE_RATE

/**
 * Speaks the prompt's lines with eSpeak NG and places them in the clip (issue 4, "Voice"): in
 * prompt order, never past the end. When they do not fit, every line is sped up (at most 1.5×);
 * lines that still run long lose words from the end, whole words only, until they fit their share
 * of the time. A clip holds as many lines as leave each 0.4 s; later ones are not spoken.
 */
export async function speakDialogue(
  lines: DialogueLine[],
  duration: number,
  signal: AbortSignal,
): Promise<SpokenLine[]> {
  const { lead, gap, tail } = LINE_SPACING
  const room = Math.max(1, Math.floor((duration - lead - tail + gap) / (MIN_LINE + gap)))
  const spoken = lines.slice(0, room)
  if (spoken.length === 0) return []
  const available = duration - lead - tail - gap * (spoken.length - 1)
  let takes: Take[] = spoken.map((line) => ({
    line,
    text: line.text,
    rate: VOICES[line.speaker].rate,
    trimmed: false,
  }))
  let voiced = await synthesize(takes, signal)
  const natural = voiced.map(seconds)
  const total = natural.reduce((s, l) => s + l, 0)
  if (total > available) {
    const speedup = Math.min(MAX_SPEEDUP, total / available)
    const budgets = natural.map((l) => (available * l) / total)
    takes = takes.map((take, i) => {
      const expected = natural[i]! / speedup
      const rate = take.rate * speedup
      if (expected <= budgets[i]!) return { ...take, rate }
      const words = wordCount(take.text, take.line.language)
      const keep = Math.max(1, Math.floor((words * budgets[i]!) / expected))
      return { ...take, rate, text: firstWords(take.text, take.line.language, keep), trimmed: true }
    })
    for (let round = 0; round <= ROUNDS; round++) {
      voiced = await synthesize(takes, signal)
      const over = voiced.map((v, i) => seconds(v) > budgets[i]! + 0.02)
      if (!over.includes(true) || round === ROUNDS) break
      takes = takes.map((take, i) => {
        const words = wordCount(take.text, take.line.language)
        if (!over[i] || words <= 1) return take
        return {
          ...take,
          text: firstWords(take.text, take.line.language, words - 1),
          trimmed: true,
        }
      })
    }
    voiced = voiced.map((v, i) => fit(v, budgets[i]!))
  }
  const starts = placeLines(
    voiced.map(seconds),
    spoken.map((l) => l.position),
    duration,
  )
  return takes.map((take, i) => ({
    ...take.line,
    text: take.text,
    rate: take.rate,
    trimmed: take.trimmed,
    start: starts[i]!,
    end: starts[i]! + seconds(voiced[i]!),
    samples: voiced[i]!,
  }))
}

/**
 * Cuts a line to `limit` seconds with a 30 ms fade: the last resort when even its shortened text
 * runs long (a single word longer than its share of the clip).
 */
function fit(samples: Float32Array, limit: number): Float32Array {
  const n = Math.floor(limit * SAMPLE_RATE)
  if (samples.length <= n) return samples
  const out = samples.slice(0, n)
  const fade = Math.min(n, Math.floor(0.03 * SAMPLE_RATE))
  for (let i = 0; i < fade; i++) out[n - 1 - i]! *= i / fade
  return out
}
