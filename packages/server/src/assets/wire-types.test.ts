import { describe, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type * as Sdk from '../../../client/src/asset-types.js'
import type {
  actionErrorEnvelope,
  assetGroupList,
  assetGroupObject,
  assetList,
  assetObject,
  createAssetBody,
  createAssetGroupBody,
  idResult,
  listAssetGroupsBody,
  listAssetsBody,
  responseMetadata,
  updateAssetBody,
  updateAssetGroupBody,
  uploadAssetFields,
} from './schema.js'

/**
 * The SDK's hand-written asset types (packages/client/src/asset-types.ts) must equal the zod
 * schemas the server validates and answers with; checked by the compiler
 * (`npx tsc -p tsconfig.test.json`), like tasks/wire-types.test.ts.
 */
describe('the SDK asset wire types', () => {
  it('equal the bodies the server accepts', () => {
    expectTypeOf<Sdk.CreateAssetGroupParams>().toEqualTypeOf<z.input<typeof createAssetGroupBody>>()
    expectTypeOf<Sdk.UpdateAssetGroupParams>().toEqualTypeOf<z.input<typeof updateAssetGroupBody>>()
    expectTypeOf<Sdk.ListAssetGroupsParams>().toEqualTypeOf<z.input<typeof listAssetGroupsBody>>()
    expectTypeOf<Sdk.CreateAssetParams>().toEqualTypeOf<z.input<typeof createAssetBody>>()
    expectTypeOf<Sdk.UpdateAssetParams>().toEqualTypeOf<z.input<typeof updateAssetBody>>()
    expectTypeOf<Sdk.ListAssetsParams>().toEqualTypeOf<z.input<typeof listAssetsBody>>()
    expectTypeOf<Omit<Sdk.UploadAssetParams, 'file' | 'filename'>>().toEqualTypeOf<
      z.input<typeof uploadAssetFields>
    >()
  })

  it('equal the objects, lists and envelopes the server answers with', () => {
    expectTypeOf<Sdk.AssetGroup>().toEqualTypeOf<z.output<typeof assetGroupObject>>()
    expectTypeOf<Sdk.Asset>().toEqualTypeOf<z.output<typeof assetObject>>()
    expectTypeOf<Sdk.AssetGroupList>().toEqualTypeOf<z.output<typeof assetGroupList>>()
    expectTypeOf<Sdk.AssetList>().toEqualTypeOf<z.output<typeof assetList>>()
    expectTypeOf<Sdk.AssetIdResult>().toEqualTypeOf<z.output<typeof idResult>>()
    expectTypeOf<Sdk.ResponseMetadata>().toEqualTypeOf<z.output<typeof responseMetadata>>()
    expectTypeOf<Sdk.ActionErrorBody>().toEqualTypeOf<z.output<typeof actionErrorEnvelope>>()
  })
})
