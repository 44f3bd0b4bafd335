// @ts-check
/** Asset groups and their assets (spec §3): create, list, rename, delete, add by URL or upload. */
import { api, showError } from './api.js'
import { byId, emit, h, on, replaceKeepingFocus } from './dom.js'
import { uploadAsset } from './uploads.js'

/** @typedef {import('/playground/client/index.js').Asset} Asset */
/** @typedef {import('/playground/client/index.js').AssetGroup} AssetGroup */

export function initAssetsPanel() {
  const errorBox = byId('assets-error')
  const groupList = byId('group-list')
  const assetList = byId('asset-list')
  const assetForm = /** @type {HTMLFormElement} */ (byId('asset-form'))
  const title = byId('group-assets-title')
  const status = byId('asset-status')
  /** @type {string | undefined} */
  let selected
  /** @type {AssetGroup[]} */
  let groups = []
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let poll
  /** Ids being renamed, so refreshes keep their forms open. */
  const renaming = new Set()

  /** @param {() => Promise<unknown>} work */
  async function guarded(work) {
    try {
      await work()
      showError(errorBox, null)
    } catch (error) {
      showError(errorBox, error)
    }
  }

  async function loadGroups() {
    const { Items } = await api().assets.listGroups({ PageSize: 100 })
    groups = Items
    if (selected && !groups.some((g) => g.Id === selected)) selected = undefined
    selected ??= groups[0]?.Id
    replaceKeepingFocus(groupList, groups.map(groupItem))
    const group = groups.find((g) => g.Id === selected)
    title.textContent = group ? `Assets in ${group.Name}` : 'Assets'
    assetForm.hidden = !group
    byId('group-assets-empty').hidden = Boolean(group)
    await loadAssets()
  }

  async function loadAssets() {
    clearTimeout(poll)
    if (!selected) {
      assetList.replaceChildren()
      return
    }
    const { Items } = await api().assets.list({ Filter: { GroupIds: [selected] }, PageSize: 100 })
    replaceKeepingFocus(
      assetList,
      Items.length
        ? Items.map(assetItem)
        : [h('li', { class: 'hint', text: 'No assets in this group yet.' })],
    )
    if (Items.some((a) => a.Status === 'Processing')) {
      poll = setTimeout(() => void guarded(loadAssets), 1000)
    }
  }

  /** @param {AssetGroup} group */
  function groupItem(group) {
    const current = group.Id === selected
    const name = renaming.has(group.Id)
      ? renameForm(group.Id, group.Name, async (Name) => {
          await api().assets.updateGroup({ Id: group.Id, Name })
        })
      : h('button', {
          type: 'button',
          class: 'group-name',
          'aria-pressed': current ? 'true' : 'false',
          dataset: { focusKey: `${group.Id}:open` },
          onClick: () => {
            selected = group.Id
            void guarded(loadGroups)
          },
          text: group.Name,
        })
    return h(
      'li',
      { class: current ? 'current' : '' },
      name,
      group.Description ? h('span', { class: 'hint', text: group.Description }) : null,
      h(
        'span',
        { class: 'row' },
        h('code', { class: 'hint', text: group.Id }),
        renaming.has(group.Id) ? null : renameButton(group.Id, group.Name),
        h('button', {
          type: 'button',
          class: 'small danger',
          text: 'Delete',
          'aria-label': `Delete group ${group.Name} and its assets`,
          dataset: { focusKey: `${group.Id}:delete` },
          onClick: () =>
            guarded(async () => {
              await api().assets.deleteGroup(group.Id)
              emit('assets-changed')
              await loadGroups()
            }),
        }),
      ),
    )
  }

  /** @param {Asset} asset */
  function assetItem(asset) {
    return h(
      'li',
      { class: 'asset' },
      asset.AssetType === 'Image' && asset.Status === 'Active' && asset.URL
        ? h('img', { class: 'thumb', src: asset.URL, alt: '' })
        : h('span', {
            class: 'thumb placeholder',
            'aria-hidden': 'true',
            text: asset.AssetType[0],
          }),
      h(
        'div',
        { class: 'asset-text' },
        renaming.has(asset.Id)
          ? renameForm(asset.Id, asset.Name, async (Name) => {
              await api().assets.update({ Id: asset.Id, Name })
            })
          : h('strong', { text: asset.Name || '(no name)' }),
        h(
          'span',
          { class: 'row' },
          h('span', { class: `badge ${asset.Status.toLowerCase()}`, text: asset.Status }),
          h('span', { class: 'hint', text: asset.AssetType }),
          h('code', { class: 'hint', text: asset.Id }),
        ),
        asset.Error
          ? h('span', { class: 'error-text', text: `${asset.Error.Code}: ${asset.Error.Message}` })
          : null,
      ),
      h(
        'span',
        { class: 'row actions' },
        asset.Status === 'Active'
          ? h('button', {
              type: 'button',
              class: 'small',
              text: 'Use',
              'aria-label': `Use ${asset.Name || asset.Id} in the composer`,
              onClick: () => emit('use-asset', asset),
            })
          : null,
        renaming.has(asset.Id) ? null : renameButton(asset.Id, asset.Name || ''),
        h('button', {
          type: 'button',
          class: 'small danger',
          text: 'Delete',
          'aria-label': `Delete asset ${asset.Name || asset.Id}`,
          dataset: { focusKey: `${asset.Id}:delete` },
          onClick: () =>
            guarded(async () => {
              await api().assets.delete(asset.Id)
              emit('assets-changed')
              await loadAssets()
            }),
        }),
      ),
    )
  }

  /** @param {string} id @param {string} name */
  function renameButton(id, name) {
    return h('button', {
      type: 'button',
      class: 'small',
      text: 'Rename',
      'aria-label': `Rename ${name || id}`,
      dataset: { focusKey: `${id}:rename` },
      onClick: () => {
        renaming.add(id)
        void guarded(loadGroups).then(() => {
          const input = document.querySelector(`[data-focus-key="${CSS.escape(`${id}:name`)}"]`)
          if (input instanceof HTMLInputElement) input.select()
        })
      },
    })
  }

  /**
   * An inline form that renames `id`; Escape or Cancel leaves it as it was.
   * @param {string} id @param {string} name @param {(name: string) => Promise<void>} save
   */
  function renameForm(id, name, save) {
    const done = () => {
      renaming.delete(id)
      void guarded(loadGroups)
    }
    const input = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'text',
        value: name,
        maxlength: '64',
        required: true,
        'aria-label': `New name for ${name || id}`,
        dataset: { focusKey: `${id}:name` },
        onKeydown: (/** @type {KeyboardEvent} */ e) => {
          if (e.key === 'Escape') done()
        },
      })
    )
    return h(
      'form',
      {
        class: 'rename row',
        onSubmit: (/** @type {Event} */ e) => {
          e.preventDefault()
          void guarded(async () => {
            await save(input.value.trim())
            renaming.delete(id)
            emit('assets-changed')
            await loadGroups()
          })
        },
      },
      input,
      h('button', { type: 'submit', class: 'small', text: 'Save' }),
      h('button', { type: 'button', class: 'small', text: 'Cancel', onClick: done }),
    )
  }

  byId('group-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const name = /** @type {HTMLInputElement} */ (byId('group-name'))
    const description = /** @type {HTMLInputElement} */ (byId('group-description'))
    void guarded(async () => {
      const { Id } = await api().assets.createGroup({
        Name: name.value.trim(),
        ...(description.value.trim() ? { Description: description.value.trim() } : {}),
      })
      selected = Id
      name.value = ''
      description.value = ''
      await loadGroups()
    })
  })

  assetForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const type = /** @type {'Image' | 'Video' | 'Audio'} */ (
      /** @type {HTMLSelectElement} */ (byId('asset-type')).value
    )
    const name = /** @type {HTMLInputElement} */ (byId('asset-name'))
    const url = /** @type {HTMLInputElement} */ (byId('asset-url'))
    const fileInput = /** @type {HTMLInputElement} */ (byId('asset-file'))
    const file = fileInput.files?.[0]
    const groupId = selected
    if (!groupId) return
    void guarded(async () => {
      if (file) {
        const upload = uploadAsset(file, type, {
          groupId,
          name: name.value.trim(),
          onStatus: (text) => (status.textContent = text),
        })
        fileInput.value = ''
        name.value = ''
        try {
          const asset = await upload
          status.textContent = `${asset.Name} is ready`
        } catch (error) {
          status.textContent = ''
          throw error
        }
      } else {
        await api().assets.create({
          GroupId: groupId,
          URL: url.value.trim(),
          AssetType: type,
          ...(name.value.trim() ? { Name: name.value.trim() } : {}),
        })
        url.value = ''
        name.value = ''
        emit('assets-changed')
      }
      await loadAssets()
    })
  })

  on('assets-changed', () => void guarded(loadGroups))
  return { load: () => guarded(loadGroups) }
}
