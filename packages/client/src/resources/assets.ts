import type {
  ActionResponse,
  Asset,
  AssetGroup,
  AssetGroupList,
  AssetIdResult,
  AssetList,
  CreateAssetGroupParams,
  CreateAssetParams,
  ListAssetGroupsParams,
  ListAssetsParams,
  UpdateAssetGroupParams,
  UpdateAssetParams,
  UploadAssetParams,
} from '../asset-types.js'
import type { Kinora, RequestOptions } from '../client.js'
import { KinoraError } from '../errors.js'
import { sleep } from '../sleep.js'

/** The asset API version every action is sent with (spec §3). */
export const ASSET_API_VERSION = '2024-01-01'

/** How `assets.wait` polls. */
export interface WaitAssetOptions extends Omit<RequestOptions, 'timeout'> {
  /** Milliseconds between polls. Default 1000. */
  pollInterval?: number
  /** Milliseconds to wait at most before throwing {@link KinoraError}. Default: no limit. */
  timeout?: number
}

/**
 * The asset API of spec §3: action-style calls to `POST /?Action=<Action>&Version=2024-01-01` at
 * the server root, with the client's key, timeout and retries. Each method resolves to the
 * action's `Result`; an error answer throws the `APIError` subclass of its status, with `code` from
 * `ResponseMetadata.Error`.
 */
export class Assets {
  constructor(private readonly client: Kinora) {}

  async #call<T>(action: string, body: BodyInit, json: boolean, options: RequestOptions) {
    const url = `${this.client.baseURL}/?Action=${action}&Version=${ASSET_API_VERSION}`
    const headers: Record<string, string> = { accept: 'application/json' }
    if (json) headers['content-type'] = 'application/json'
    if (this.client.apiKey) headers.authorization = `Bearer ${this.client.apiKey}`
    const bytes = await this.client.send(url, { method: 'POST', headers, body }, options)
    const text = new TextDecoder().decode(bytes)
    try {
      return (JSON.parse(text) as ActionResponse<T>).Result
    } catch (cause) {
      throw new KinoraError(`${action} answered ${JSON.stringify(text.slice(0, 200))}, not JSON`, {
        cause,
      })
    }
  }

  #action<T>(action: string, params: object, options: RequestOptions): Promise<T> {
    return this.#call<T>(action, JSON.stringify(params), true, options)
  }

  /** Creates a group; resolves to its `Id`. */
  createGroup(params: CreateAssetGroupParams, options: RequestOptions = {}) {
    return this.#action<AssetIdResult>('CreateAssetGroup', params, options)
  }

  getGroup(id: string, options: RequestOptions = {}) {
    return this.#action<AssetGroup>('GetAssetGroup', { Id: id }, options)
  }

  /** One page of the project's groups, newest first unless sorted otherwise. */
  listGroups(params: ListAssetGroupsParams = {}, options: RequestOptions = {}) {
    return this.#action<AssetGroupList>('ListAssetGroups', params, options)
  }

  updateGroup(params: UpdateAssetGroupParams, options: RequestOptions = {}) {
    return this.#action<AssetIdResult>('UpdateAssetGroup', params, options)
  }

  /** Deletes the group and every asset in it. */
  async deleteGroup(id: string, options: RequestOptions = {}): Promise<void> {
    await this.#action('DeleteAssetGroup', { Id: id }, options)
  }

  /** Creates an asset from an http(s) or data URL; it starts `Processing` (see {@link wait}). */
  create(params: CreateAssetParams, options: RequestOptions = {}) {
    return this.#action<AssetIdResult>('CreateAsset', params, options)
  }

  /** (ext) Uploads a file as an asset (multipart); it starts `Processing` (see {@link wait}). */
  upload(params: UploadAssetParams, options: RequestOptions = {}) {
    const form = new FormData()
    form.append('GroupId', params.GroupId)
    form.append('AssetType', params.AssetType)
    if (params.Name !== undefined) form.append('Name', params.Name)
    form.append('file', params.file, params.filename ?? 'upload')
    return this.#call<AssetIdResult>('UploadAsset', form, false, options)
  }

  /** The asset now; each call signs a fresh `URL` once it is `Active`. */
  get(id: string, options: RequestOptions = {}) {
    return this.#action<Asset>('GetAsset', { Id: id }, options)
  }

  list(params: ListAssetsParams = {}, options: RequestOptions = {}) {
    return this.#action<AssetList>('ListAssets', params, options)
  }

  update(params: UpdateAssetParams, options: RequestOptions = {}) {
    return this.#action<AssetIdResult>('UpdateAsset', params, options)
  }

  async delete(id: string, options: RequestOptions = {}): Promise<void> {
    await this.#action('DeleteAsset', { Id: id }, options)
  }

  /**
   * Polls until the asset is `Active` or `Failed` and returns it; a failed asset is returned, not
   * thrown: read `Status` and `Error`.
   */
  async wait(id: string, options: WaitAssetOptions = {}): Promise<Asset> {
    const { pollInterval = 1000, timeout, signal } = options
    const deadline = timeout === undefined ? Infinity : Date.now() + timeout
    for (;;) {
      const asset = await this.get(id, signal ? { signal } : {})
      if (asset.Status !== 'Processing') return asset
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new KinoraError(`Asset ${id} is still Processing after waiting ${timeout} ms`)
      }
      await sleep(Math.min(pollInterval, left), signal)
    }
  }
}
