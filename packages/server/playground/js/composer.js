// @ts-check
/** The composer: mode, prompt with the @-citation helper, media rows, every option, submit. */
import { api, showError } from './api.js'
import { byId, emit, h, on } from './dom.js'
import { MediaRow } from './media-row.js'
import { buildRequest, citationProblems, MODES } from './request.js'

/** @typedef {import('./request.js').MediaKind} MediaKind */
/** @typedef {import('./request.js').Mode} Mode */

const KINDS = /** @type {const} */ (['image', 'video', 'audio'])

export function initComposer() {
  const form = /** @type {HTMLFormElement} */ (byId('compose-form'))
  const mode = /** @type {HTMLSelectElement} */ (byId('mode'))
  const prompt = /** @type {HTMLTextAreaElement} */ (byId('prompt'))
  const rowsBox = byId('media-rows')
  const model = /** @type {HTMLSelectElement} */ (byId('model'))
  const resolution = /** @type {HTMLSelectElement} */ (byId('resolution'))
  const duration = /** @type {HTMLSelectElement} */ (byId('duration'))
  const generateAudio = /** @type {HTMLInputElement} */ (byId('generate-audio'))
  const webSearch = /** @type {HTMLInputElement} */ (byId('web-search'))
  const submit = /** @type {HTMLButtonElement} */ (byId('submit'))
  const status = byId('compose-status')
  const errorBox = byId('compose-error')
  const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value
  const checked = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).checked

  /** @type {MediaRow[]} */
  let rows = []
  /** @type {import('/playground/client/index.js').Asset[]} */
  let activeAssets = []
  /** @type {import('/playground/client/index.js').Model[]} */
  let models = []

  const currentMode = () => /** @type {Mode} */ (mode.value)
  const countOf = (/** @type {MediaKind} */ kind) => rows.filter((r) => r.kind === kind).length

  /** @param {MediaKind} kind */
  function addRow(kind) {
    const row = new MediaRow(kind, {
      onChange: () => refresh(),
      onRemove: (r) => {
        rows = rows.filter((x) => x !== r)
        r.el.remove()
        layout()
        byId(`add-${r.kind}`).focus()
      },
    })
    row.setAssets(activeAssets)
    rows.push(row)
    layout()
    return row
  }

  /** Orders the rows as the content will be (images, videos, audio) and numbers them. */
  function layout() {
    const rule = MODES[currentMode()]
    rows.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind))
    for (const kind of KINDS) {
      const ofKind = rows.filter((r) => r.kind === kind)
      ofKind.forEach((row, i) =>
        row.place(i, rule.role(kind, i), ofKind.length > rule.counts[kind][0]),
      )
    }
    rowsBox.replaceChildren(...rows.map((r) => r.el))
    for (const kind of KINDS) {
      const button = /** @type {HTMLButtonElement} */ (byId(`add-${kind}`))
      const max = rule.counts[kind][1]
      button.hidden = max === 0
      button.disabled = countOf(kind) >= max
    }
    byId('media-empty').textContent =
      currentMode() === 'text' ? 'Text to video takes no media; pick another mode to add some.' : ''
    refresh()
  }

  /** Keeps the rows the new mode allows, adds the ones it needs. */
  function applyMode() {
    const rule = MODES[currentMode()]
    for (const kind of KINDS) {
      const ofKind = rows.filter((r) => r.kind === kind)
      for (const extra of ofKind.slice(rule.counts[kind][1])) rows = rows.filter((r) => r !== extra)
    }
    for (const kind of rule.initial) {
      const want = rule.initial.filter((k) => k === kind).length
      if (countOf(kind) < want) addRow(kind)
    }
    byId('mode-hint').textContent = rule.hint
    byId('omni-field').hidden = currentMode() !== 'reference'
    webSearch.disabled = currentMode() !== 'text'
    if (webSearch.disabled) webSearch.checked = false
    layout()
  }

  /** The citation buttons, the character count and citation warnings. */
  function refresh() {
    byId('cite-buttons').replaceChildren(
      ...rows.map((row) => {
        const tag = row.citation.textContent ?? ''
        return h('button', {
          type: 'button',
          class: 'chip',
          text: tag,
          'aria-label': `Insert ${tag} (${row.label.toLowerCase()}) into the prompt`,
          onClick: () => insertCitation(tag),
        })
      }),
    )
    if (rows.length === 0)
      byId('cite-buttons').append(h('span', { class: 'hint', text: 'none attached' }))
    byId('prompt-count').textContent = `${prompt.value.length.toLocaleString()} / 10 000`
    /** @type {Record<MediaKind, number>} */
    const counts = { image: countOf('image'), video: countOf('video'), audio: countOf('audio') }
    const problems = citationProblems(prompt.value, counts)
    const warn = byId('cite-problems')
    warn.textContent = problems.join('; ')
    warn.hidden = problems.length === 0
  }

  /** @param {string} tag */
  function insertCitation(tag) {
    const { selectionStart: start, selectionEnd: end, value: text } = prompt
    const before = text.slice(0, start)
    const pad = before && !/\s$/.test(before) ? ' ' : ''
    const insert = `${pad}${tag} `
    prompt.setRangeText(insert, start, end, 'end')
    prompt.focus()
    refresh()
  }

  function fillDurations() {
    const route = models.find((m) => m.id === model.value)
    const { min, max } = route?.durations ?? { min: 4, max: 15 }
    const chosen = duration.value || '5'
    const options = [h('option', { value: '-1', text: 'Let the engine pick (-1)' })]
    for (let s = min; s <= max; s++) options.push(h('option', { value: String(s), text: `${s} s` }))
    duration.replaceChildren(...options)
    duration.value = [...duration.options].some((o) => o.value === chosen) ? chosen : String(min)
    if (route) {
      for (const option of resolution.options) {
        option.disabled = !route.resolutions.includes(/** @type {any} */ (option.value))
      }
      if (resolution.selectedOptions[0]?.disabled) resolution.value = route.resolutions[0] ?? '720p'
      generateAudio.disabled = !route.generate_audio
      if (!route.generate_audio) generateAudio.checked = false
    }
  }

  async function loadModels() {
    try {
      models = (await api().models.list()).data
    } catch {
      models = []
    }
    if (models.length > 0) {
      model.replaceChildren(...models.map((m) => h('option', { value: m.id, text: m.id })))
    }
    fillDurations()
    return models
  }

  async function loadAssets() {
    try {
      const { Items } = await api().assets.list({
        Filter: { Statuses: ['Active'] },
        PageSize: 100,
      })
      activeAssets = Items
    } catch {
      activeAssets = []
    }
    for (const row of rows) row.setAssets(activeAssets)
  }

  /** @param {import('/playground/client/index.js').Asset} asset */
  function useAsset(asset) {
    const kind = /** @type {MediaKind} */ (asset.AssetType.toLowerCase())
    const fits = (/** @type {Mode} */ m) => countOf(kind) < MODES[m].counts[kind][1]
    const free = rows.find((r) => r.kind === kind && !r.url && !r.busy)
    if (!free && !fits(currentMode())) {
      mode.value = 'reference'
      applyMode()
    }
    const row = rows.find((r) => r.kind === kind && !r.url && !r.busy) ?? addRow(kind)
    row.useAsset(asset)
    document.getElementById('compose')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
    row.focus()
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    showError(errorBox, null)
    const { params, problems } = buildRequest({
      mode: currentMode(),
      prompt: prompt.value,
      media: rows.map((r) => ({ kind: r.kind, url: r.url, busy: r.busy, label: r.label })),
      model: model.value,
      resolution: resolution.value,
      ratio: value('ratio'),
      duration: Number(duration.value),
      seed: value('seed'),
      generateAudio: generateAudio.checked,
      returnLastFrame: checked('return-last-frame'),
      watermark: checked('watermark'),
      webSearch: webSearch.checked,
      omni: value('omni'),
      priority: value('priority'),
      expires: value('expires'),
      callbackUrl: value('callback-url'),
      safetyIdentifier: value('safety-identifier'),
    })
    if (!params) {
      errorBox.replaceChildren(
        h('strong', { class: 'code', text: 'Not sent' }),
        h('ul', {}, ...problems.map((p) => h('li', { text: p }))),
      )
      errorBox.hidden = false
      return
    }
    submit.disabled = true
    status.textContent = 'Sending…'
    try {
      const { id } = await api().tasks.create(/** @type {any} */ (params))
      status.textContent = `Created ${id}`
      emit('task-created', { id })
    } catch (error) {
      status.textContent = ''
      showError(errorBox, error)
    } finally {
      submit.disabled = false
    }
  })

  mode.replaceChildren(
    ...Object.entries(MODES).map(([value, rule]) => h('option', { value, text: rule.label })),
  )
  byId('media-add').replaceChildren(
    ...KINDS.map((kind) =>
      h('button', {
        type: 'button',
        id: `add-${kind}`,
        text: `Add ${kind}`,
        onClick: () => addRow(kind).focus(),
      }),
    ),
  )
  mode.addEventListener('change', applyMode)
  model.addEventListener('change', fillDurations)
  prompt.addEventListener('input', refresh)
  on('assets-changed', () => void loadAssets())
  on('use-asset', useAsset)

  fillDurations()
  applyMode()
  return { loadModels, loadAssets }
}
