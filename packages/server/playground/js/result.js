// @ts-check
/** The result panel: follows one task with live progress, then plays it and shows its last frame. */
import { APIConnectionError, APIError, APIUserAbortError } from '/playground/client/index.js'
import { api, showError } from './api.js'
import { byId, emit, h, on } from './dom.js'

/** @typedef {import('/playground/client/index.js').Task} Task */

/**
 * A task's `error`, shaped for `showError`, which shows its code.
 * @param {{ code: string, message: string }} error
 */
const taskError = (error) => Object.assign(new Error(error.message), { name: error.code })

/**
 * Whether asking again later may work: no answer, 429, or 5xx.
 * @param {unknown} error
 */
const isTransient = (error) =>
  error instanceof APIConnectionError ||
  (error instanceof APIError && (error.status === 429 || error.status >= 500))

export function initResult() {
  const empty = byId('result-empty')
  const body = byId('result-body')
  const idText = byId('result-id')
  const badge = byId('result-status')
  const progress = /** @type {HTMLProgressElement} */ (byId('result-progress'))
  const progressText = byId('result-progress-text')
  const video = /** @type {HTMLVideoElement} */ (byId('result-video'))
  const lastFrame = byId('result-last-frame')
  const lastFrameImg = /** @type {HTMLImageElement} */ (byId('result-last-frame-img'))
  const meta = byId('result-meta')
  const errorBox = byId('result-error')
  const download = /** @type {HTMLAnchorElement} */ (byId('result-download'))
  const cancel = /** @type {HTMLButtonElement} */ (byId('result-cancel'))

  /** @type {AbortController | undefined} */
  let following
  /** @type {Task | undefined} */
  let shown

  /** @param {Task} task */
  function render(task) {
    const fresh = shown?.id !== task.id
    shown = task
    empty.hidden = true
    body.hidden = false
    idText.textContent = task.id
    badge.textContent = task.status
    badge.className = `badge ${task.status}`
    progress.value = task.progress
    progressText.textContent = `${task.progress} %`
    cancel.hidden = task.status !== 'queued' && task.status !== 'running'
    cancel.textContent = task.status === 'running' ? 'Stop task' : 'Cancel task'
    const videoUrl = task.content?.video_url
    if (video.getAttribute('src') && (fresh || !videoUrl)) {
      video.removeAttribute('src')
      video.load()
    }
    if (videoUrl && !video.getAttribute('src')) video.src = videoUrl
    video.hidden = !videoUrl
    download.hidden = !videoUrl
    if (videoUrl) download.href = videoUrl
    const frameUrl = task.content?.last_frame_url
    lastFrame.hidden = !frameUrl
    if (frameUrl) lastFrameImg.src = frameUrl
    else lastFrameImg.removeAttribute('src')
    showError(errorBox, task.error ? taskError(task.error) : null)
    meta.replaceChildren(
      ...details(task).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]),
    )
  }

  /** @param {Task} task @returns {[string, string][]} */
  function details(task) {
    /** @type {[string, string][]} */
    const rows = [
      ['Model', task.model],
      [
        'Output',
        `${task.resolution} · ${task.ratio} · ${task.duration} s · ${task.framespersecond} fps`,
      ],
      ['Seed', String(task.seed)],
      ['Audio', task.generate_audio ? 'yes' : 'no'],
    ]
    if (task.omni_reference_task_type) rows.push(['Reference type', task.omni_reference_task_type])
    if (task.usage) rows.push(['Tokens', task.usage.total_tokens.toLocaleString()])
    for (const tool of task.tool_outputs ?? []) {
      rows.push(['Web search', tool.queries.join('; ') || '(no queries)'])
      for (const source of tool.sources) rows.push(['Source', `${source.title} ${source.url}`])
    }
    rows.push(['Created', new Date(task.created_at * 1000).toLocaleString()])
    return rows
  }

  /**
   * Shows `id` and polls it through the SDK until it is final. A poll the server could not answer
   * (overloaded, restarting, unreachable) is shown and tried again; a refusal such as 404 ends it.
   * @param {string} id
   */
  async function follow(id) {
    following?.abort()
    const controller = new AbortController()
    following = controller
    const { signal } = controller
    try {
      for (;;) {
        try {
          const task = await api().tasks.wait(id, {
            signal,
            pollInterval: 1000,
            onProgress: (t) => {
              render(t)
              emit('task-changed', t)
            },
          })
          render(task)
          return
        } catch (error) {
          if (error instanceof APIUserAbortError || signal.aborted) return
          empty.hidden = true
          body.hidden = false
          showError(errorBox, error)
          if (!isTransient(error)) return
          await new Promise((resolve) => setTimeout(resolve, 3000))
          if (signal.aborted) return
        }
      }
    } finally {
      if (following === controller) following = undefined
    }
  }

  cancel.addEventListener('click', async () => {
    if (!shown) return
    const { id, status } = shown
    try {
      await api().tasks.delete(id, { force: status === 'running' })
      emit('task-changed')
      if (!following) void follow(id)
    } catch (error) {
      showError(errorBox, error)
    }
  })

  on('task-created', ({ id }) => void follow(id))
  on('open-task', ({ id }) => {
    void follow(id)
    byId('result').scrollIntoView({ behavior: 'smooth', block: 'start' })
    byId('result-title').focus()
  })
  on('task-deleted', ({ id }) => {
    if (shown?.id !== id) return
    following?.abort()
    shown = undefined
    video.removeAttribute('src')
    video.load()
    body.hidden = true
    empty.hidden = false
  })
}
