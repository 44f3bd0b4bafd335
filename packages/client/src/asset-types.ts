/**
 * The wire contract of the asset API (spec §3), hand-written in upstream's PascalCase, beside the
 * task API's `types.ts`. `packages/server/src/assets/wire-types.test.ts` keeps every type here
 * equal to the server's zod schemas.
 */

/** What an asset holds; it may be cited only in a media slot of its kind. */
export type AssetType = 'Image' | 'Video' | 'Audio'

/** `Processing` until probed, then `Active` (usable as `asset://<Id>`) or `Failed` with `Error`. */
export type AssetStatus = 'Processing' | 'Active' | 'Failed'

/** A folder of assets in one project. Times are ISO-8601 UTC. */
export interface AssetGroup {
  Id: string
  Name: string
  Description: string
  GroupType: 'AIGC'
  /** The project of the key that made it. */
  ProjectName: string
  CreateTime: string
  UpdateTime: string
}

/** A stored medium, citable in tasks as `asset://<Id>` once `Active`. */
export interface Asset {
  Id: string
  Name: string
  /** A signed download link valid for 12 hours from this read once `Active`; empty before. */
  URL: string
  AssetType: AssetType
  GroupId: string
  Status: AssetStatus
  /** Why processing failed. */
  Error?: { Code: string; Message: string }
  ProjectName: string
  CreateTime: string
  UpdateTime: string
}

/** Paging and order of the list actions: page 1 of 10, newest first by default. */
export interface AssetListPaging {
  /** 1 or more. */
  PageNumber?: number
  /** 1-100. */
  PageSize?: number
  SortBy?: 'CreateTime' | 'UpdateTime' | 'Name'
  SortOrder?: 'Desc' | 'Asc'
}

/** One page of a list action. */
export interface AssetPage<T> {
  Items: T[]
  /** Matches across all pages. */
  TotalCount: number
  PageNumber: number
  PageSize: number
}

export type AssetGroupList = AssetPage<AssetGroup>
export type AssetList = AssetPage<Asset>

export interface CreateAssetGroupParams {
  /** 1-64 characters, no control characters. */
  Name: string
  /** At most 300 characters. */
  Description?: string
  GroupType?: 'AIGC'
}

export interface UpdateAssetGroupParams {
  Id: string
  Name?: string
  Description?: string
}

export interface ListAssetGroupsParams extends AssetListPaging {
  Filter?: {
    /** A case-insensitive part of the name. */
    Name?: string
    GroupIds?: string[]
  }
}

export interface CreateAssetParams {
  GroupId: string
  /** An http(s) URL the server fetches, or a data URL of an image or audio clip. */
  URL: string
  AssetType: AssetType
  /** At most 64 characters. */
  Name?: string
}

/** (ext) A local file sent as a multipart upload: the way for servers that cannot fetch. */
export interface UploadAssetParams {
  GroupId: string
  AssetType: AssetType
  Name?: string
  /** The bytes; in Node, `fs.openAsBlob(path)` streams a file without reading it first. */
  file: Blob
  /** Sent as the part's file name; the server never uses it for storage. Default `upload`. */
  filename?: string
}

export interface UpdateAssetParams {
  Id: string
  Name?: string
}

export interface ListAssetsParams extends AssetListPaging {
  Filter?: {
    GroupIds?: string[]
    Statuses?: AssetStatus[]
    Name?: string
  }
}

/** The result of the create and update actions. */
export interface AssetIdResult {
  Id: string
}

/** Every asset API answer carries it. */
export interface ResponseMetadata {
  RequestId: string
  Action: string
  Version: string
}

/** A successful asset API answer. */
export interface ActionResponse<T> {
  ResponseMetadata: ResponseMetadata
  Result: T
}

/** The metadata of a failed answer: what went wrong, as a stable `Code` and a `Message`. */
export interface ActionErrorMetadata extends ResponseMetadata {
  Error: { Code: string; Message: string }
}

/** A failed asset API answer; the HTTP status says the class. */
export interface ActionErrorBody {
  ResponseMetadata: ActionErrorMetadata
}
