// @ts-check
/**
 * The composer's rules, free of the DOM: what media each mode takes (spec §2.2-2.3) and how the
 * form becomes a create body (spec §2.1). The server checks everything again; these only shape the
 * form and catch what is missing before a round trip.
 */

/** @typedef {'image' | 'video' | 'audio'} MediaKind */
/** @typedef {'text' | 'first_frame' | 'first_last_frame' | 'reference' | 'edit' | 'extend'} Mode */

/**
 * @typedef {object} ModeRule
 * @property {string} label  its name in the Mode menu
 * @property {string} hint
 * @property {Record<MediaKind, [number, number]>} counts  inclusive min and max per kind
 * @property {MediaKind[]} initial  rows a fresh form of this mode starts with
 * @property {(kind: MediaKind, index: number) => string} role  the role of the index-th row of a kind
 * @property {boolean} needsVisual  at least one image or video
 */

/** @param {MediaKind} kind */
const referenceRole = (kind) => `reference_${kind}`

/** @type {Record<Mode, ModeRule>} */
export const MODES = {
  text: {
    label: 'Text to video',
    hint: 'A prompt only; the scene, light and camera come from its words.',
    counts: { image: [0, 0], video: [0, 0], audio: [0, 0] },
    initial: [],
    role: referenceRole,
    needsVisual: false,
  },
  first_frame: {
    label: 'First frame (image to video)',
    hint: 'One image opens the video; the prompt says how it moves.',
    counts: { image: [1, 1], video: [0, 0], audio: [0, 0] },
    initial: ['image'],
    role: () => 'first_frame',
    needsVisual: true,
  },
  first_last_frame: {
    label: 'First and last frame',
    hint: 'Two images: the video morphs from the first to the last.',
    counts: { image: [2, 2], video: [0, 0], audio: [0, 0] },
    initial: ['image', 'image'],
    role: (_kind, index) => (index === 0 ? 'first_frame' : 'last_frame'),
    needsVisual: true,
  },
  reference: {
    label: 'Multimodal reference',
    hint: 'Up to 9 images, 3 videos and 3 audio clips guide a new video; cite them as @image1 …',
    counts: { image: [0, 9], video: [0, 3], audio: [0, 3] },
    initial: ['image'],
    role: referenceRole,
    needsVisual: true,
  },
  edit: {
    label: 'Edit a video',
    hint: 'One video and at least one image; the prompt says what to change, using the image.',
    counts: { image: [1, 9], video: [1, 1], audio: [0, 3] },
    initial: ['video', 'image'],
    role: referenceRole,
    needsVisual: true,
  },
  extend: {
    label: 'Extend videos',
    hint: 'One to three videos, joined in order and continued to the duration.',
    counts: { image: [0, 0], video: [1, 3], audio: [0, 3] },
    initial: ['video'],
    role: referenceRole,
    needsVisual: true,
  },
}

/** @type {Record<string, string>} */
export const ROLE_LABELS = {
  first_frame: 'first frame',
  last_frame: 'last frame',
  reference_image: 'reference image',
  reference_video: 'reference video',
  reference_audio: 'reference audio',
}

const KIND_ORDER = /** @type {const} */ (['image', 'video', 'audio'])

/** @type {Record<MediaKind, string>} */
const ONE = { image: 'an image', video: 'a video', audio: 'an audio clip' }

/**
 * Citations in the prompt beyond the media attached, as messages (spec §2.2).
 * @param {string} prompt
 * @param {Record<MediaKind, number>} counts
 * @returns {string[]}
 */
export function citationProblems(prompt, counts) {
  const problems = []
  const seen = new Set()
  for (const match of prompt.matchAll(/@(image|video|audio)(\d+)/g)) {
    const kind = /** @type {MediaKind} */ (match[1])
    const n = Number(match[2])
    if (n >= 1 && n <= counts[kind]) continue
    if (seen.has(match[0])) continue
    seen.add(match[0])
    problems.push(`${match[0]} cites ${ONE[kind]} that is not attached (${counts[kind]} attached)`)
  }
  return problems
}

/**
 * @typedef {object} MediaInput
 * @property {MediaKind} kind
 * @property {string} url  '' while nothing is chosen
 * @property {boolean} [busy]  an upload still running
 * @property {string} label  'Image 1'
 */

/**
 * @typedef {object} FormState
 * @property {Mode} mode
 * @property {string} prompt
 * @property {MediaInput[]} media
 * @property {string} model
 * @property {string} resolution
 * @property {string} ratio
 * @property {number} duration
 * @property {string} seed  '' for random
 * @property {boolean} generateAudio
 * @property {boolean} returnLastFrame
 * @property {boolean} watermark
 * @property {boolean} webSearch
 * @property {string} omni  reference mode's sub-type: auto or reference
 * @property {string} priority
 * @property {string} expires
 * @property {string} callbackUrl
 * @property {string} safetyIdentifier
 */

/**
 * The create body for the form, or the problems that keep it from being sent.
 * @param {FormState} state
 * @returns {{ params?: Record<string, any>, problems: string[] }}
 */
export function buildRequest(state) {
  const rule = MODES[state.mode]
  const problems = []
  const prompt = state.prompt.trim()
  if (state.mode === 'text' && !prompt) problems.push('Write a prompt: text to video needs one.')
  /** @type {Record<MediaKind, number>} */
  const counts = { image: 0, video: 0, audio: 0 }
  for (const m of state.media) counts[m.kind] += 1
  for (const kind of KIND_ORDER) {
    const [min, max] = rule.counts[kind]
    if (counts[kind] < min) problems.push(`Add ${min === 1 ? ONE[kind] : `${min} ${kind}s`}.`)
    if (counts[kind] > max) problems.push(`This mode takes at most ${max} ${kind}s.`)
  }
  if (rule.needsVisual && counts.image + counts.video === 0) {
    problems.push('Add at least one image or video.')
  }
  for (const m of state.media) {
    if (m.busy) problems.push(`${m.label} is still uploading.`)
    else if (!m.url) problems.push(`${m.label} has no URL, file or asset yet.`)
  }
  problems.push(...citationProblems(prompt, counts))
  if (problems.length > 0) return { problems }

  /** @type {any[]} */
  const content = prompt ? [{ type: 'text', text: prompt }] : []
  for (const kind of KIND_ORDER) {
    state.media
      .filter((m) => m.kind === kind)
      .forEach((m, index) => {
        content.push({
          type: `${kind}_url`,
          [`${kind}_url`]: { url: m.url },
          role: rule.role(kind, index),
        })
      })
  }
  /** @type {Record<string, any>} */
  const params = {
    model: state.model,
    content,
    resolution: state.resolution,
    ratio: state.ratio,
    duration: state.duration,
    generate_audio: state.generateAudio,
    watermark: state.watermark,
    return_last_frame: state.returnLastFrame,
  }
  const integer = (/** @type {string} */ text) => (text.trim() === '' ? undefined : Number(text))
  const seed = integer(state.seed)
  if (seed !== undefined) params.seed = seed
  if (state.webSearch && state.mode === 'text') params.tools = [{ type: 'web_search' }]
  if (state.callbackUrl.trim()) params.callback_url = state.callbackUrl.trim()
  const expires = integer(state.expires)
  if (expires !== undefined) params.execution_expires_after = expires
  const priority = integer(state.priority)
  if (priority !== undefined) params.priority = priority
  if (state.safetyIdentifier.trim()) params.safety_identifier = state.safetyIdentifier.trim()
  if (state.mode === 'reference') params.omni_reference_task_type = state.omni
  if (state.mode === 'edit' || state.mode === 'extend') {
    params.omni_reference_task_type = state.mode
  }
  return { params, problems }
}
