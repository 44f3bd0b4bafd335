import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import sharp from 'sharp'
import { hashKey } from '../http/auth.js'
import type { Store } from '../store/store.js'

/** The path of an action, as clients call it (spec §3). */
export const actionUrl = (action: string) => `/?Action=${action}&Version=2024-01-01`

/** Two projects with one key each; once keys exist, every request needs one. */
export const KEYS = { alpha: 'key-alpha', beta: 'key-beta' } as const

export async function createTwoProjects(store: Store): Promise<void> {
  for (const project of ['alpha', 'beta'] as const) {
    await store.createApiKey({
      id: `key-${project}`,
      projectId: project,
      hash: hashKey(KEYS[project]),
      createdAt: 0,
    })
  }
}

const bearer = (key: string | undefined) => (key ? { authorization: `Bearer ${key}` } : {})

/** Calls an action with a JSON body (or none) as the project of `key`. */
export function callAction(
  app: FastifyInstance,
  action: string,
  body?: unknown,
  key?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: actionUrl(action),
    headers: bearer(key),
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  })
}

/** Calls an action, expects 200 and returns its `Result`. */
export async function resultOf<T = Record<string, unknown>>(
  app: FastifyInstance,
  action: string,
  body?: unknown,
  key?: string,
): Promise<T> {
  const res = await callAction(app, action, body, key)
  if (res.statusCode !== 200) throw new Error(`${action} answered ${res.statusCode}: ${res.body}`)
  return res.json().Result as T
}

/** UploadAsset with a real multipart body, built the way `fetch` builds one from a FormData. */
export async function upload(
  app: FastifyInstance,
  fields: Record<string, string>,
  file: { data: Buffer; filename?: string; field?: string } | undefined,
  key?: string,
): Promise<LightMyRequestResponse> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  if (file) {
    form.append(
      file.field ?? 'file',
      new Blob([new Uint8Array(file.data)]),
      file.filename ?? 'upload.bin',
    )
  }
  const request = new Request('http://kinora.test/', { method: 'POST', body: form })
  return app.inject({
    method: 'POST',
    url: actionUrl('UploadAsset'),
    headers: { ...bearer(key), 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  })
}

/** A PNG of one flat colour with a disc of another in the middle: easy to find again in frames. */
export function characterPng(width = 640, height = 640): Promise<Buffer> {
  const r = Math.round(Math.min(width, height) * 0.35)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#00b4b4"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${r}" fill="#ff00ff"/></svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}
