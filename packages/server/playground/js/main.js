// @ts-check
/** The playground's entry: wires the API key, the panels and the server status line. */
import { saveKey, savedKey } from './api.js'
import { initAssetsPanel } from './assets-panel.js'
import { initComposer } from './composer.js'
import { byId, on } from './dom.js'
import { initResult } from './result.js'
import { initTasksList } from './tasks-list.js'

function initKeyPanel() {
  const panel = /** @type {HTMLDetailsElement} */ (byId('key-panel'))
  const input = /** @type {HTMLInputElement} */ (byId('api-key'))
  const state = byId('key-state')
  const show = () => (state.textContent = savedKey() ? 'saved' : 'not set')
  input.value = savedKey()
  show()
  byId('key-form').addEventListener('submit', (event) => {
    event.preventDefault()
    saveKey(input.value.trim())
    show()
    panel.open = false
    byId('banner').hidden = true
    reloadAll()
  })
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !panel.open) return
    panel.open = false
    panel.querySelector('summary')?.focus()
  })
  byId('key-forget').addEventListener('click', () => {
    input.value = ''
    saveKey('')
    show()
    reloadAll()
  })
  on('auth-needed', () => {
    const banner = byId('banner')
    banner.textContent = savedKey()
      ? 'The server refused the saved API key. Enter a valid one under "API key".'
      : 'This server needs an API key. Enter it under "API key"; it stays in this browser.'
    banner.hidden = false
    if (!panel.open) {
      panel.open = true
      input.focus()
    }
  })
}

const composer = initComposer()
initResult()
const tasks = initTasksList()
const assets = initAssetsPanel()
initKeyPanel()

function reloadAll() {
  void tasks.refresh()
  void assets.load()
  void composer.loadAssets()
}

void composer.loadModels().then((models) => {
  const line = byId('server-state')
  line.textContent = models.length
    ? `Connected to ${location.host}: ${models.map((m) => `${m.id} on ${m.engine}`).join(', ')}`
    : `Could not list the models of ${location.host}`
})
reloadAll()
