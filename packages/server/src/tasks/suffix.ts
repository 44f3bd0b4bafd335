/**
 * Prompt suffix commands (spec §2.1): `--rs 720p --rt 16:9 --dur 5 --seed 7 --wm true`, with the
 * long forms `--resolution --ratio --duration --seed --watermark`. They are stripped from the prompt
 * and lose to body fields; their values are validated like the body fields they stand for.
 */
const NAMES: Record<string, SuffixField> = {
  rs: 'resolution',
  resolution: 'resolution',
  rt: 'ratio',
  ratio: 'ratio',
  dur: 'duration',
  duration: 'duration',
  seed: 'seed',
  wm: 'watermark',
  watermark: 'watermark',
}

export type SuffixField = 'resolution' | 'ratio' | 'duration' | 'seed' | 'watermark'

const COMMAND = /(^|\s)--(rs|resolution|rt|ratio|dur|duration|seed|wm|watermark)(?:\s+|=)(\S+)/g

export interface ParsedSuffix {
  prompt: string
  /** Raw values as typed; numbers and booleans are converted, other text is left for validation. */
  values: Partial<Record<SuffixField, string | number | boolean>>
}

function convert(field: SuffixField, raw: string): string | number | boolean {
  if (field === 'duration' || field === 'seed') return /^-?\d+$/.test(raw) ? Number(raw) : raw
  if (field === 'watermark') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

export function parseSuffix(text: string): ParsedSuffix {
  const values: ParsedSuffix['values'] = {}
  const prompt = text
    .replace(COMMAND, (_m, lead: string, name: string, raw: string) => {
      const field = NAMES[name] as SuffixField
      values[field] = convert(field, raw)
      return lead
    })
    .replace(/\s{2,}/g, ' ')
    .trim()
  return { prompt, values }
}
