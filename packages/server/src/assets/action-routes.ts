import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, FastifySchema } from 'fastify'
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { BlobStore } from '../blobs/blob-store.js'
import { projectOf } from '../http/auth.js'
import { paramPath, prepareErrorReply, toAppError } from '../http/error-handler.js'
import { AppError, invalidParameter } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { Store } from '../store/store.js'
import { dropNulls } from '../tasks/routes.js'
import type { AssetService } from './asset-service.js'
import { receiveUpload } from './receive-upload.js'
import {
  actionErrorEnvelope,
  actionResponse,
  ASSET_API_VERSION,
  assetGroupList,
  assetGroupObject,
  assetList,
  assetObject,
  createAssetBody,
  createAssetGroupBody,
  emptyResult,
  idBody,
  idResult,
  listAssetGroupsBody,
  listAssetsBody,
  updateAssetBody,
  updateAssetGroupBody,
  uploadAssetFields,
} from './schema.js'
import { assetToWire, groupToWire } from './to-wire.js'

export interface AssetRoutesDeps {
  assets: AssetService
  store: Store
  blobs: BlobStore
  clock: Clock
  urlTtlSeconds: number
}

/** The query string of a request URL (`Action`, `Version`). */
const queryOf = (request: { url: string }) => {
  const at = request.url.indexOf('?')
  return new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1))
}

type Strategy = Parameters<FastifyInstance['addConstraintStrategy']>[0]
type Handler = Parameters<ReturnType<Strategy['storage']>['set']>[1]

/**
 * Routes `POST /?Action=…` by its `Action` (a find-my-way constraint), so each action is a route of
 * its own with its own body schema and OpenAPI entry. Requests elsewhere derive nothing and are
 * routed as before.
 */
const actionConstraint: Strategy = {
  name: 'action',
  storage() {
    const handlers = new Map<unknown, Handler>()
    return {
      get: (action) => handlers.get(action) ?? null,
      set: (action, handler) => void handlers.set(action, handler),
    }
  },
  deriveConstraint: (req: { url?: string }) =>
    req.url?.startsWith('/?') ? (queryOf({ url: req.url }).get('Action') ?? undefined) : undefined,
  mustMatchWhenDerived: false,
}

const errors = {
  400: actionErrorEnvelope,
  401: actionErrorEnvelope,
  404: actionErrorEnvelope,
  413: actionErrorEnvelope,
}

/** Each action documented at its own path, `/?Action=<name>&Version=…`, as clients call it. */
const docsAt = (name: string, extra: Partial<FastifySchema> = {}) => ({
  swaggerTransform: (args: Parameters<typeof jsonSchemaTransform>[0]) => {
    const { schema } = jsonSchemaTransform(args)
    return {
      schema: { ...schema, ...extra },
      url: `/?Action=${name}&Version=${ASSET_API_VERSION}`,
    }
  },
})

/** UploadAsset's form for the OpenAPI document: the text fields and a binary `file`. */
const uploadForm = z.toJSONSchema(
  uploadAssetFields.extend({
    file: z.string().meta({ format: 'binary', description: 'the medium, at most its type’s cap' }),
  }),
)
delete uploadForm.$schema

/** The asset API of spec §3 at `POST /?Action=<Action>&Version=2024-01-01`, in its own envelope. */
export const assetRoutes =
  (deps: AssetRoutesDeps): FastifyPluginAsync =>
  async (app) => {
    app.addConstraintStrategy(actionConstraint)
    app.setErrorHandler((error, request, reply) => {
      const e = toAppError(error, request.id)
      prepareErrorReply(error, e, request, reply)
      const named = e.param && !e.message.includes(e.param.split(/[.[]/)[0]!)
      void reply.status(e.status).send({
        ResponseMetadata: {
          RequestId: request.id,
          Action: queryOf(request).get('Action') ?? '',
          Version: queryOf(request).get('Version') ?? '',
          Error: { Code: e.code, Message: named ? `${e.param}: ${e.message}` : e.message },
        },
      })
    })
    app.addHook('onRequest', async (request) => {
      const version = queryOf(request).get('Version')
      if (version !== ASSET_API_VERSION) {
        throw new AppError(
          400,
          'InvalidActionOrVersion',
          `Version must be ${ASSET_API_VERSION}; got ${version === null ? 'none' : JSON.stringify(version)}`,
        )
      }
    })
    app.addHook('preValidation', async (request) => {
      // Seedance SDKs send unset optional fields as null: null counts as absent (spec §2.1).
      if (request.body !== undefined) request.body = dropNulls(request.body)
    })

    const r = app.withTypeProvider<ZodTypeProvider>()
    const ok = <T>(request: FastifyRequest, action: string, result: T) => ({
      ResponseMetadata: { RequestId: request.id, Action: action, Version: ASSET_API_VERSION },
      Result: result,
    })
    const route = <B extends z.ZodType, R extends z.ZodType>(
      action: string,
      summary: string,
      body: B,
      result: R,
    ) => ({
      constraints: { action },
      config: docsAt(action),
      schema: {
        summary,
        tags: ['assets'],
        operationId: action,
        body,
        response: { 200: actionResponse(result), ...errors },
      },
    })
    const wire = (asset: Parameters<typeof assetToWire>[0]) =>
      assetToWire(asset, deps.blobs, deps.urlTtlSeconds, deps.clock.now())
    const project = (request: FastifyRequest) => projectOf(request, deps.store)

    r.post(
      '/',
      route('CreateAssetGroup', 'Create an asset group', createAssetGroupBody, idResult),
      async (request) => {
        const group = await deps.assets.createGroup(await project(request), request.body)
        return ok(request, 'CreateAssetGroup', { Id: group.id })
      },
    )
    r.post(
      '/',
      route('GetAssetGroup', 'Get an asset group', idBody, assetGroupObject),
      async (request) => {
        const group = await deps.assets.getGroup(await project(request), request.body.Id)
        return ok(request, 'GetAssetGroup', groupToWire(group))
      },
    )
    r.post(
      '/',
      route('ListAssetGroups', 'List asset groups', listAssetGroupsBody, assetGroupList),
      async (request) => {
        const page = await deps.assets.listGroups(await project(request), request.body)
        return ok(request, 'ListAssetGroups', {
          Items: page.items.map(groupToWire),
          TotalCount: page.total,
          PageNumber: page.pageNumber,
          PageSize: page.pageSize,
        })
      },
    )
    r.post(
      '/',
      route(
        'UpdateAssetGroup',
        'Rename or describe an asset group',
        updateAssetGroupBody,
        idResult,
      ),
      async (request) => {
        const group = await deps.assets.updateGroup(await project(request), request.body)
        return ok(request, 'UpdateAssetGroup', { Id: group.id })
      },
    )
    r.post(
      '/',
      route('DeleteAssetGroup', 'Delete an asset group and its assets', idBody, emptyResult),
      async (request) => {
        await deps.assets.deleteGroup(await project(request), request.body.Id)
        return ok(request, 'DeleteAssetGroup', {})
      },
    )
    r.post(
      '/',
      route(
        'CreateAsset',
        'Create an asset from an http(s) or data URL',
        createAssetBody,
        idResult,
      ),
      async (request) => {
        const asset = await deps.assets.createAsset(await project(request), request.body)
        return ok(request, 'CreateAsset', { Id: asset.id })
      },
    )
    r.post('/', route('GetAsset', 'Get an asset', idBody, assetObject), async (request) => {
      const asset = await deps.assets.getAsset(await project(request), request.body.Id)
      return ok(request, 'GetAsset', await wire(asset))
    })
    r.post('/', route('ListAssets', 'List assets', listAssetsBody, assetList), async (request) => {
      const page = await deps.assets.listAssets(await project(request), request.body)
      return ok(request, 'ListAssets', {
        Items: await Promise.all(page.items.map(wire)),
        TotalCount: page.total,
        PageNumber: page.pageNumber,
        PageSize: page.pageSize,
      })
    })
    r.post(
      '/',
      route('UpdateAsset', 'Rename an asset', updateAssetBody, idResult),
      async (request) => {
        const asset = await deps.assets.updateAsset(await project(request), request.body)
        return ok(request, 'UpdateAsset', { Id: asset.id })
      },
    )
    r.post('/', route('DeleteAsset', 'Delete an asset', idBody, emptyResult), async (request) => {
      await deps.assets.deleteAsset(await project(request), request.body.Id)
      return ok(request, 'DeleteAsset', {})
    })

    await app.register(async (uploads) => {
      await uploads.register(multipart, { throwFileSizeLimit: false })
      uploads.withTypeProvider<ZodTypeProvider>().post(
        '/',
        {
          constraints: { action: 'UploadAsset' },
          config: docsAt('UploadAsset', { consumes: ['multipart/form-data'], body: uploadForm }),
          schema: {
            summary: 'Upload a file as an asset (ext): multipart GroupId, AssetType, Name, file',
            tags: ['assets'],
            operationId: 'UploadAsset',
            response: { 200: actionResponse(idResult), ...errors },
          },
        },
        async (request) => {
          const projectId = await project(request)
          const dir = await mkdtemp(join(tmpdir(), 'kinora-upload-'))
          try {
            const upload = await receiveUpload(request, dir)
            const fields = uploadAssetFields.safeParse(upload.fields)
            if (!fields.success) {
              const issue = fields.error.issues[0]!
              throw invalidParameter(paramPath(issue.path), issue.message)
            }
            const asset = await deps.assets.uploadAsset(projectId, fields.data, upload.path)
            return ok(request, 'UploadAsset', { Id: asset.id })
          } finally {
            await rm(dir, { recursive: true, force: true })
          }
        },
      )
    })

    r.post('/', { schema: { hide: true } }, async (request) => {
      const action = queryOf(request).get('Action')
      throw new AppError(
        400,
        'InvalidActionOrVersion',
        `${action === null ? 'Action is missing' : `Action ${JSON.stringify(action)} does not exist`}; send one of CreateAssetGroup, GetAssetGroup, ListAssetGroups, UpdateAssetGroup, DeleteAssetGroup, CreateAsset, UploadAsset, GetAsset, ListAssets, UpdateAsset, DeleteAsset`,
      )
    })
  }
