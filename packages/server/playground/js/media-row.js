// @ts-check
/** One medium of the composer: its role, and a URL, an uploaded file or an asset as its source. */
import { describeError } from './api.js'
import { formatBytes, h } from './dom.js'
import { ROLE_LABELS } from './request.js'
import { readAsDataUrl, uploadAsset } from './uploads.js'

/** @typedef {import('./request.js').MediaKind} MediaKind */

const TITLES = { image: 'Image', video: 'Video', audio: 'Audio' }
const ACCEPT = { image: 'image/*', video: 'video/mp4,video/quicktime,video/*', audio: 'audio/*' }
const ASSET_TYPES = /** @type {const} */ ({ image: 'Image', video: 'Video', audio: 'Audio' })

let nextId = 1

export class MediaRow {
  /**
   * @param {MediaKind} kind
   * @param {{ onChange: () => void, onRemove: (row: MediaRow) => void }} hooks
   */
  constructor(kind, hooks) {
    this.kind = kind
    this.hooks = hooks
    this.id = `media-${nextId++}`
    this.url = ''
    this.busy = false
    this.label = TITLES[kind]
    /** @type {import('/playground/client/index.js').Asset[]} */
    this.assets = []

    this.title = h('strong', { id: `${this.id}-title` })
    this.citation = h('code', { class: 'citation' })
    this.roleText = h('span', { class: 'role' })
    this.remove = h('button', {
      type: 'button',
      class: 'link danger',
      text: 'Remove',
      onClick: () => hooks.onRemove(this),
    })
    this.source = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        { onChange: () => this.#showSource() },
        h('option', { value: 'url', text: 'URL' }),
        h('option', { value: 'file', text: 'Upload a file' }),
        h('option', { value: 'asset', text: 'Asset' }),
      )
    )
    this.urlInput = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'text',
        inputmode: 'url',
        spellcheck: 'false',
        placeholder: kind === 'video' ? 'https://… or asset://…' : 'https://…, data:… or asset://…',
        onInput: () => this.#set(this.urlInput.value.trim()),
      })
    )
    this.fileInput = /** @type {HTMLInputElement} */ (
      h('input', { type: 'file', accept: ACCEPT[kind], onChange: () => this.#takeFile() })
    )
    this.assetSelect = /** @type {HTMLSelectElement} */ (
      h('select', {
        onChange: () => {
          this.#set(this.assetSelect.value ? `asset://${this.assetSelect.value}` : '')
          this.#preview()
        },
      })
    )
    this.status = h('span', { class: 'hint', 'aria-live': 'polite' })
    this.thumb = /** @type {HTMLImageElement} */ (
      h('img', { class: 'thumb', alt: '', hidden: true })
    )
    this.el = h(
      'div',
      { class: 'media-row', role: 'group', 'aria-labelledby': `${this.id}-title`, id: this.id },
      h('div', { class: 'media-head' }, this.title, this.citation, this.roleText, this.remove),
      h(
        'div',
        { class: 'media-source' },
        this.source,
        this.urlInput,
        this.fileInput,
        this.assetSelect,
      ),
      h('div', { class: 'media-foot' }, this.thumb, this.status),
    )
    this.#showSource()
  }

  /**
   * Numbers the row within its kind and names it everywhere a screen reader or the prompt does.
   * @param {number} index 0-based within its kind
   * @param {string} role
   * @param {boolean} removable
   */
  place(index, role, removable) {
    this.label = `${TITLES[this.kind]} ${index + 1}`
    this.citation.textContent = `@${this.kind}${index + 1}`
    this.title.textContent = this.label
    this.roleText.textContent = ROLE_LABELS[role] ?? role
    this.remove.hidden = !removable
    this.remove.setAttribute('aria-label', `Remove ${this.label.toLowerCase()}`)
    this.source.setAttribute('aria-label', `Source of ${this.label.toLowerCase()}`)
    this.urlInput.setAttribute('aria-label', `URL of ${this.label.toLowerCase()}`)
    this.fileInput.setAttribute('aria-label', `File for ${this.label.toLowerCase()}`)
    this.assetSelect.setAttribute('aria-label', `Asset for ${this.label.toLowerCase()}`)
  }

  /**
   * The Active assets of this row's type, for the picker.
   * @param {import('/playground/client/index.js').Asset[]} assets
   */
  setAssets(assets) {
    this.assets = assets.filter((a) => a.AssetType === ASSET_TYPES[this.kind])
    const chosen = this.assetSelect.value
    this.assetSelect.replaceChildren(
      h('option', {
        value: '',
        text: this.assets.length ? 'Choose an asset…' : `No active ${this.kind} assets`,
      }),
      ...this.assets.map((a) =>
        h('option', {
          value: a.Id,
          text: `${a.Name || a.Id} (${a.Id})`,
          selected: a.Id === chosen,
        }),
      ),
    )
  }

  /**
   * Uses an asset as this row's source.
   * @param {import('/playground/client/index.js').Asset} asset
   */
  useAsset(asset) {
    if (!this.assets.some((a) => a.Id === asset.Id)) this.setAssets([...this.assets, asset])
    this.source.value = 'asset'
    this.#showSource()
    this.assetSelect.value = asset.Id
    this.#set(`asset://${asset.Id}`)
    this.#preview()
  }

  focus() {
    this.source.focus()
  }

  #showSource() {
    const source = this.source.value
    this.urlInput.hidden = source !== 'url'
    this.fileInput.hidden = source !== 'file'
    this.assetSelect.hidden = source !== 'asset'
    this.status.textContent = ''
    this.thumb.hidden = true
    if (source === 'url') this.#set(this.urlInput.value.trim())
    if (source === 'file') {
      this.fileInput.value = ''
      this.#set('')
    }
    if (source === 'asset') {
      this.#set(this.assetSelect.value ? `asset://${this.assetSelect.value}` : '')
      this.#preview()
    }
  }

  /** @param {string} url */
  #set(url) {
    this.url = url
    this.hooks.onChange()
  }

  #preview() {
    const asset = this.assets.find((a) => a.Id === this.assetSelect.value)
    this.thumb.hidden = !(asset && this.kind === 'image' && asset.URL)
    if (asset && !this.thumb.hidden) this.thumb.src = asset.URL
  }

  /**
   * Images and audio go inline as data URLs; videos cannot (spec §2.1), so they are uploaded as
   * assets and cited as asset://.
   */
  async #takeFile() {
    const file = this.fileInput.files?.[0]
    this.#set('')
    this.thumb.hidden = true
    if (!file) return
    this.busy = true
    this.hooks.onChange()
    try {
      if (this.kind === 'video') {
        const asset = await uploadAsset(file, 'Video', {
          onStatus: (text) => (this.status.textContent = text),
        })
        this.status.textContent = `${file.name}, ${formatBytes(file.size)}: uploaded as ${asset.Id}`
        this.busy = false
        this.#set(`asset://${asset.Id}`)
        return
      }
      const url = await readAsDataUrl(file)
      this.status.textContent = `${file.name}, ${formatBytes(file.size)}`
      if (this.kind === 'image') {
        this.thumb.src = url
        this.thumb.hidden = false
      }
      this.busy = false
      this.#set(url)
    } catch (error) {
      const e = describeError(error)
      this.status.textContent = `${e.code}: ${e.message}`
      this.busy = false
      this.hooks.onChange()
    }
  }
}
