// @ts-check
/** Recent tasks: status and progress, refreshed while any is unfinished; open, cancel, delete. */
import { api, FINAL_STATUSES, showError } from './api.js'
import { byId, emit, h, on, replaceKeepingFocus } from './dom.js'

/** @typedef {import('/playground/client/index.js').Task} Task */

const PAGE_SIZE = 20

export function initTasksList() {
  const tbody = byId('tasks-body')
  const empty = byId('tasks-empty')
  const errorBox = byId('tasks-error')
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  let busy = false

  async function refresh() {
    clearTimeout(timer)
    if (busy) return
    busy = true
    /** @type {Task[]} */
    let items = []
    try {
      items = (await api().tasks.list({ page_size: PAGE_SIZE })).items
      showError(errorBox, null)
      replaceKeepingFocus(tbody, items.map(row))
      empty.hidden = items.length > 0
    } catch (error) {
      showError(errorBox, error)
    } finally {
      busy = false
    }
    const active = items.some((t) => !FINAL_STATUSES.has(t.status))
    timer = setTimeout(() => void refresh(), active && !document.hidden ? 1500 : 10_000)
  }

  /** @param {Task} task */
  function row(task) {
    const actions = []
    if (task.status === 'queued')
      actions.push(action(task, 'Cancel', () => api().tasks.delete(task.id)))
    if (task.status === 'running') {
      actions.push(action(task, 'Stop', () => api().tasks.delete(task.id, { force: true })))
    }
    if (['succeeded', 'failed', 'expired'].includes(task.status)) {
      actions.push(
        action(task, 'Delete', async () => {
          await api().tasks.delete(task.id)
          emit('task-deleted', { id: task.id })
        }),
      )
    }
    const created = new Date(task.created_at * 1000).toLocaleTimeString()
    return h(
      'tr',
      { dataset: { taskId: task.id } },
      h(
        'td',
        {},
        h('button', {
          type: 'button',
          class: 'link mono',
          text: task.id,
          title: 'Open this task',
          'aria-label': `Open task ${task.id}`,
          dataset: { focusKey: `${task.id}:open` },
          onClick: () => emit('open-task', { id: task.id }),
        }),
        h('span', {
          class: 'hint task-line',
          text: `${task.resolution} · ${task.ratio} · ${task.duration} s · ${created}`,
        }),
      ),
      h(
        'td',
        {},
        h('span', { class: `badge ${task.status}`, text: task.status }),
        task.status === 'running'
          ? h('progress', {
              class: 'mini',
              max: '100',
              value: String(task.progress),
              'aria-label': `Progress of ${task.id}`,
            })
          : null,
        task.status === 'running'
          ? h('span', { class: 'hint', text: ` ${task.progress} %` })
          : null,
      ),
      h('td', { class: 'actions' }, ...actions),
    )
  }

  /**
   * @param {Task} task
   * @param {string} name
   * @param {() => Promise<unknown>} run
   */
  function action(task, name, run) {
    return h('button', {
      type: 'button',
      class: name === 'Delete' || name === 'Stop' ? 'small danger' : 'small',
      text: name,
      'aria-label': `${name} task ${task.id}`,
      dataset: { focusKey: `${task.id}:action` },
      onClick: async (/** @type {Event} */ event) => {
        const button = /** @type {HTMLButtonElement} */ (event.currentTarget)
        button.disabled = true
        try {
          await run()
          showError(errorBox, null)
        } catch (error) {
          showError(errorBox, error)
        }
        await refresh()
      },
    })
  }

  byId('tasks-refresh').addEventListener('click', () => void refresh())
  on('task-created', () => void refresh())
  on('task-changed', (task) => {
    // The result panel saw a task change: show it in its row, or reload when the row is missing.
    const old = task && tbody.querySelector(`tr[data-task-id="${CSS.escape(task.id)}"]`)
    if (!old) return void refresh()
    const focused = old.contains(document.activeElement)
      ? /** @type {HTMLElement} */ (document.activeElement).dataset.focusKey
      : undefined
    const fresh = row(task)
    old.replaceWith(fresh)
    if (focused) fresh.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus()
  })
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void refresh()
  })
  return { refresh }
}
