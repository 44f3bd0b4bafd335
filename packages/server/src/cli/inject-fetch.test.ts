import { Kinora as Client, NotFoundError } from '@kinora/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { characterPng } from '../assets/test-assets.js'
import { openTestKinora } from '../test-kinora.js'
import { injectFetch } from './inject-fetch.js'
import { NO_GUARDS } from './test-cli.js'

let kinora: Awaited<ReturnType<typeof openTestKinora>>
let client: Client

beforeAll(async () => {
  kinora = await openTestKinora({ ...NO_GUARDS, workers: 0, moderationImages: false })
  // No port is opened: the base URL only has to parse.
  client = new Client({
    baseURL: 'http://in-process.invalid',
    apiKey: '',
    fetch: injectFetch(kinora.app),
  })
})
afterAll(() => kinora.dispose())

describe('injectFetch', () => {
  it('carries the SDK to the app without a port: JSON, multipart uploads and file downloads', async () => {
    const png = await characterPng(640, 480)
    const { Id: group } = await client.assets.createGroup({ Name: 'inject' })
    const { Id } = await client.assets.upload({
      GroupId: group,
      AssetType: 'Image',
      Name: 'Mira',
      file: new Blob([new Uint8Array(png)]),
      filename: 'mira.png',
    })
    await kinora.processAssets()
    const asset = await client.assets.get(Id)
    expect(asset).toMatchObject({ Status: 'Active', Name: 'Mira' })
    // The signed link is absolute on the configured public URL; only its path and query count.
    expect(asset.URL).toMatch(/^http:\/\/127\.0\.0\.1:8080\//)
    expect(Buffer.from(await client.files.download(asset.URL))).toEqual(png)
  })

  it('turns error answers into the SDK errors with their code', async () => {
    const err = await client.tasks.get('cgt-20260101000000-abcde').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err).toMatchObject({ status: 404, code: 'ResourceNotFound' })
  })
})
