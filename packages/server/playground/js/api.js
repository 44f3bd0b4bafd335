// @ts-check
/** The SDK client the whole page shares, the API key kept in local storage, and error display. */
import { APIError, Kinora } from '/playground/client/index.js'
import { emit, h } from './dom.js'

const KEY_STORAGE = 'kinora.apiKey'

/** The saved API key, or '' (also when storage is blocked). */
export function savedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? ''
  } catch {
    return ''
  }
}

/** @param {string} key '' forgets it. */
export function saveKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key)
    else localStorage.removeItem(KEY_STORAGE)
  } catch {
    // Storage blocked (private mode): the key still works for this page's life.
  }
  current = undefined
  sessionKey = key
}

let sessionKey = savedKey()
/** @type {Kinora | undefined} */
let current

/** The client for this server, with the key when one is set. */
export function api() {
  current ??= new Kinora({
    baseURL: location.origin,
    ...(sessionKey ? { apiKey: sessionKey } : {}),
    maxRetries: 1,
  })
  return current
}

/**
 * What went wrong, as the API said it: code, message, param and request id.
 * @param {unknown} error
 * @returns {{ code: string, message: string, param?: string, status?: number, requestId?: string }}
 */
export function describeError(error) {
  if (error instanceof APIError) {
    return {
      code: error.code ?? `HTTP ${error.status}`,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      status: error.status,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    }
  }
  if (error instanceof Error) return { code: error.name, message: error.message }
  return { code: 'Error', message: String(error) }
}

/**
 * Shows an API error in `box` (a `role="alert"` element): its code, then its message; a 401 also
 * tells the page to ask for the key. `null` hides the box.
 * @param {HTMLElement} box
 * @param {unknown} error
 */
export function showError(box, error) {
  if (error === null || error === undefined) {
    box.hidden = true
    box.replaceChildren()
    return
  }
  const e = describeError(error)
  if (e.status === 401) emit('auth-needed')
  box.replaceChildren(
    h('strong', { class: 'code', text: e.code }),
    ' ',
    e.param ? h('code', { text: e.param }) : null,
    e.param ? ' ' : null,
    h('span', { text: e.message }),
    e.requestId ? h('span', { class: 'hint', text: ` (request ${e.requestId})` }) : null,
  )
  box.hidden = false
}

/** Statuses after which a task never changes (spec §2.5). */
export const FINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled', 'expired'])
