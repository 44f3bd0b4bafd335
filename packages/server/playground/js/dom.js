// @ts-check
/** Small DOM helpers for the playground: no framework, just elements built with `h`. */

/**
 * Builds an element. `props` keys: `class`, `text`, `on<Event>` listeners, `dataset`, boolean and
 * string attributes (`hidden`, `aria-label`, …); `false`/`undefined` values are skipped.
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false || value === null) continue
    if (key === 'class') el.className = value
    else if (key === 'text') el.textContent = value
    else if (key === 'dataset') Object.assign(el.dataset, value)
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value)
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      ;/** @type {any} */ (el)[key] = value
    } else el.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    el.append(child)
  }
  return el
}

/**
 * The element with `id`; throws when the page lacks it, so a typo fails at load, not later.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const el = document.getElementById(id)
  if (!el) throw new Error(`The page has no #${id}`)
  return /** @type {T} */ (el)
}

/**
 * Sends a page-wide event (`kinora:…`) that other panels listen to.
 * @param {string} name
 * @param {unknown} [detail]
 */
export function emit(name, detail) {
  document.dispatchEvent(new CustomEvent(`kinora:${name}`, { detail }))
}

/**
 * @param {string} name
 * @param {(detail: any) => void} listener
 */
export function on(name, listener) {
  document.addEventListener(`kinora:${name}`, (event) =>
    listener(/** @type {CustomEvent} */ (event).detail),
  )
}

/**
 * Replaces the children of `container` while keeping keyboard focus on the element with the same
 * `data-focus-key`, so periodic refreshes never throw a keyboard user back to the page start.
 * @param {HTMLElement} container
 * @param {Node[]} children
 */
export function replaceKeepingFocus(container, children) {
  const active = document.activeElement
  const key =
    active instanceof HTMLElement && container.contains(active)
      ? active.dataset.focusKey
      : undefined
  container.replaceChildren(...children)
  if (key) {
    const again = container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)
    if (again instanceof HTMLElement) again.focus()
  }
}

/**
 * A size in bytes for people.
 * @param {number} bytes
 */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
