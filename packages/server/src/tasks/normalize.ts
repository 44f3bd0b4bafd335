import { isIP } from 'node:net'
import { invalidParameter } from '../lib/app-error.js'
import { isPublicAddress } from '../media/is-public-address.js'
import type { TaskParams } from '../store/store.js'
import { durationFromPrompt, ratioFromPrompt } from './adaptive.js'
import { randomSeed } from './ids.js'
import type { ContentPlan } from './modes.js'
import { createTaskBody, type CreateTaskBody } from './schema.js'
import { parseSuffix, type SuffixField } from './suffix.js'

const DEFAULT_DURATION = 5
const DEFAULT_EXPIRY_SECONDS = 172_800

const UNSUPPORTED = {
  frames: 'frames is not supported by this model family; set duration (4-15 seconds) instead',
  camera_fixed:
    'camera_fixed is not supported by this model family; describe the camera in the prompt',
  draft:
    'draft is not supported by this model family; use the draft engine through its model instead',
} as const

/** Refuses the fields spec §2.1 names as unsupported by this model family. */
export function refuseUnsupported(body: CreateTaskBody): void {
  for (const field of Object.keys(UNSUPPORTED) as (keyof typeof UNSUPPORTED)[]) {
    if (body[field] !== undefined) throw invalidParameter(field, UNSUPPORTED[field])
  }
  if (body.service_tier === 'flex') {
    throw invalidParameter(
      'service_tier',
      'service_tier "flex" is not supported by this model family; omit it',
    )
  }
}

/** Suffix command values, validated as the body fields they stand for. */
function suffixValues(text: string, textIndex: number) {
  const { prompt, values } = parseSuffix(text)
  const checked: Partial<Pick<CreateTaskBody, SuffixField>> = {}
  for (const [field, raw] of Object.entries(values) as [SuffixField, unknown][]) {
    const result = createTaskBody.shape[field].safeParse(raw)
    if (!result.success) {
      throw invalidParameter(
        `content[${textIndex}].text`,
        `the prompt command for ${field} is invalid: ${result.error.issues[0]?.message ?? 'bad value'}`,
      )
    }
    Object.assign(checked, { [field]: result.data })
  }
  return { prompt, checked }
}

/**
 * Turns a validated body and its content plan into stored task parameters: suffix commands
 * merged under body fields, defaults applied, the seed fixed, and for text-to-video `adaptive`
 * and `duration: -1` resolved from the prompt.
 */
export function normalizeParams(body: CreateTaskBody, plan: ContentPlan): TaskParams {
  const suffix = plan.text === null ? { prompt: '', checked: {} } : suffixValues(plan.text, 0)
  const pick = <K extends SuffixField>(field: K) => body[field] ?? suffix.checked[field]
  const prompt = suffix.prompt
  let ratio = pick('ratio') ?? 'adaptive'
  // An edit keeps its video's length unless a duration is given (spec §2.3): -1 resolves it.
  let duration = pick('duration') ?? (plan.mode === 'edit' ? -1 : DEFAULT_DURATION)
  if (duration !== -1 && duration < 4) {
    throw invalidParameter(
      'duration',
      `duration must be 4-15 seconds, or -1 to let the engine pick; got ${duration}`,
    )
  }
  if (plan.mode === 'text') {
    if (ratio === 'adaptive') ratio = ratioFromPrompt(prompt)
    if (duration === -1) duration = durationFromPrompt(prompt)
  }
  const tools = body.tools ?? []
  if (tools.length > 0 && plan.mode !== 'text') {
    throw invalidParameter(
      'tools',
      'web_search works only in text-to-video; remove tools or the media',
    )
  }
  const seed = pick('seed') ?? -1
  return {
    mode: plan.mode,
    prompt,
    media: plan.media,
    resolution: pick('resolution') ?? '720p',
    ratio,
    duration,
    generateAudio: body.generate_audio ?? true,
    watermark: pick('watermark') ?? false,
    returnLastFrame: body.return_last_frame ?? false,
    seed: seed === -1 ? randomSeed() : seed,
    tools,
    callbackUrl: body.callback_url ?? null,
    executionExpiresAfter: body.execution_expires_after ?? DEFAULT_EXPIRY_SECONDS,
    safetyIdentifier: body.safety_identifier ?? null,
    omniReferenceTaskType: plan.omniReferenceTaskType,
  }
}

/**
 * callback_url: http(s) only, and not a literal private, loopback or link-local host unless
 * `allowPrivate` (spec §2.5); host names are vetted again at each delivery.
 */
export function checkCallbackUrl(value: string | undefined, allowPrivate: boolean): void {
  if (value === undefined) return
  let parsed: URL | undefined
  try {
    parsed = new URL(value)
  } catch {
    parsed = undefined
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalidParameter(
      'callback_url',
      `callback_url must be an absolute http(s) URL; got ${JSON.stringify(value)}`,
    )
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  const local = host === 'localhost' || host.endsWith('.localhost')
  if (!allowPrivate && (local || (isIP(host) !== 0 && !isPublicAddress(host)))) {
    throw invalidParameter(
      'callback_url',
      `callback_url: ${host} is a private, loopback or link-local address; callbacks go to public addresses only`,
    )
  }
}
