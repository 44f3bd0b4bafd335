import { z } from 'zod'

/**
 * The wire schemas of the asset API (spec §3): one body schema per action, the objects and lists it
 * answers with, and the `ResponseMetadata` envelope. They drive validation, the OpenAPI document
 * and, through a type test, the SDK's types. Bodies and results are PascalCase, as upstream.
 */

export const ASSET_API_VERSION = '2024-01-01'

export const ASSET_TYPES = ['Image', 'Video', 'Audio'] as const
export const ASSET_STATUSES = ['Processing', 'Active', 'Failed'] as const

/** Control characters in a name would break logs, terminals and CSV exports: refused. */
const CONTROL = /[\u0000-\u001f\u007f]/
/** Descriptions may hold line breaks and tabs, nothing else below U+0020. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

const text = (field: string, max: number, control: RegExp, required: boolean) =>
  z
    .string({
      error: (issue) =>
        `${field} ${issue.input === undefined ? 'is required' : 'must be a string'}: at most ${max} characters`,
    })
    .min(required ? 1 : 0, { error: `${field} must not be empty` })
    .max(max, { error: `${field} must be at most ${max} characters` })
    .refine((v) => !control.test(v), {
      error: `${field} must not contain control characters such as line breaks or NUL`,
    })

/** NUL can be stored in neither PostgreSQL text nor jsonb, and no field needs it. */
const withoutNul = (field: string, schema: z.ZodString) =>
  schema.refine((v) => !v.includes('\u0000'), {
    error: `${field} must not contain the NUL character (\\u0000); remove it`,
  })

const id = (field: string) =>
  withoutNul(
    field,
    z
      .string({ error: `${field} is required: send the Id as a string` })
      .min(1, { error: `${field} must not be empty` }),
  )

const assetType = z.enum(ASSET_TYPES, {
  error: `AssetType must be one of ${ASSET_TYPES.join(', ')}`,
})
const assetStatus = z.enum(ASSET_STATUSES, {
  error: `Statuses must hold only ${ASSET_STATUSES.join(', ')}`,
})
const ids = (field: string) =>
  z
    .array(withoutNul(field, z.string({ error: `${field} must hold Id strings` })), {
      error: `${field} must be an array of Ids`,
    })
    .max(100, {
      error: `${field} may hold at most 100 Ids`,
    })

const paging = {
  PageNumber: z
    .number({ error: 'PageNumber must be an integer of 1 or more' })
    .int({ error: 'PageNumber must be an integer of 1 or more' })
    .min(1, { error: 'PageNumber must be an integer of 1 or more' })
    .optional(),
  PageSize: z
    .number({ error: 'PageSize must be an integer from 1 to 100' })
    .int({ error: 'PageSize must be an integer from 1 to 100' })
    .min(1, { error: 'PageSize must be an integer from 1 to 100' })
    .max(100, { error: 'PageSize must be an integer from 1 to 100' })
    .optional(),
  SortBy: z
    .enum(['CreateTime', 'UpdateTime', 'Name'], {
      error: 'SortBy must be CreateTime, UpdateTime or Name',
    })
    .optional(),
  SortOrder: z.enum(['Desc', 'Asc'], { error: 'SortOrder must be Desc or Asc' }).optional(),
}

/** A top-level body: anything but a JSON object is refused with one clear message. */
const body = <S extends z.ZodRawShape>(shape: S) =>
  z.object(shape, { error: "The request body must be a JSON object of the action's parameters" })

const groupName = text('Name', 64, CONTROL, true)
const description = text('Description', 300, CONTROL_BUT_LINES, false)
const assetName = text('Name', 64, CONTROL, false)

export const createAssetGroupBody = body({
  Name: groupName,
  Description: description.optional(),
  GroupType: z.literal('AIGC', { error: 'GroupType must be AIGC' }).optional(),
})

export const idBody = body({ Id: id('Id') })

export const updateAssetGroupBody = body({
  Id: id('Id'),
  Name: groupName.optional(),
  Description: description.optional(),
})

export const listAssetGroupsBody = body({
  Filter: z
    .object(
      {
        Name: withoutNul(
          'Filter.Name',
          z.string({ error: 'Filter.Name must be a string' }),
        ).optional(),
        GroupIds: ids('Filter.GroupIds').optional(),
      },
      { error: 'Filter must be an object' },
    )
    .optional(),
  ...paging,
})

export const createAssetBody = body({
  GroupId: id('GroupId'),
  URL: withoutNul(
    'URL',
    z.string({ error: 'URL is required: an http(s) URL or a data URL of the medium' }),
  ),
  AssetType: assetType,
  Name: assetName.optional(),
})

/** The text fields of UploadAsset's multipart form; the `file` part is streamed separately. */
export const uploadAssetFields = z.object({
  GroupId: id('GroupId'),
  AssetType: assetType,
  Name: assetName.optional(),
})

export const updateAssetBody = body({ Id: id('Id'), Name: assetName.optional() })

export const listAssetsBody = body({
  Filter: z
    .object(
      {
        GroupIds: ids('Filter.GroupIds').optional(),
        Statuses: z.array(assetStatus, { error: 'Filter.Statuses must be an array' }).optional(),
        Name: withoutNul(
          'Filter.Name',
          z.string({ error: 'Filter.Name must be a string' }),
        ).optional(),
      },
      { error: 'Filter must be an object' },
    )
    .optional(),
  ...paging,
})

export type CreateAssetGroupBody = z.infer<typeof createAssetGroupBody>
export type UpdateAssetGroupBody = z.infer<typeof updateAssetGroupBody>
export type ListAssetGroupsBody = z.infer<typeof listAssetGroupsBody>
export type CreateAssetBody = z.infer<typeof createAssetBody>
export type UploadAssetFields = z.infer<typeof uploadAssetFields>
export type UpdateAssetBody = z.infer<typeof updateAssetBody>
export type ListAssetsBody = z.infer<typeof listAssetsBody>

export const idResult = z.object({ Id: z.string() })
export const emptyResult = z.object({})

export const assetGroupObject = z.object({
  Id: z.string(),
  Name: z.string(),
  Description: z.string(),
  GroupType: z.literal('AIGC'),
  ProjectName: z.string(),
  /** ISO-8601 UTC. */
  CreateTime: z.string(),
  UpdateTime: z.string(),
})

export const assetObject = z.object({
  Id: z.string(),
  Name: z.string(),
  /** A signed download link valid for 12 hours once `Active`; empty before. */
  URL: z.string(),
  AssetType: assetType,
  GroupId: z.string(),
  Status: assetStatus,
  Error: z.object({ Code: z.string(), Message: z.string() }).optional(),
  ProjectName: z.string(),
  CreateTime: z.string(),
  UpdateTime: z.string(),
})

const list = <T extends z.ZodType>(item: T) =>
  z.object({
    Items: z.array(item),
    TotalCount: z.number().int(),
    PageNumber: z.number().int(),
    PageSize: z.number().int(),
  })

export const assetGroupList = list(assetGroupObject)
export const assetList = list(assetObject)

export type AssetGroupObject = z.infer<typeof assetGroupObject>
export type AssetObject = z.infer<typeof assetObject>

export const responseMetadata = z.object({
  RequestId: z.string(),
  Action: z.string(),
  Version: z.string(),
})

/** A successful answer: the metadata and the action's result. */
export const actionResponse = <T extends z.ZodType>(result: T) =>
  z.object({ ResponseMetadata: responseMetadata, Result: result })

/** A failed answer: the HTTP status says the class, `Error.Code` the reason. */
export const actionErrorEnvelope = z.object({
  ResponseMetadata: responseMetadata.extend({
    Error: z.object({ Code: z.string(), Message: z.string() }),
  }),
})
