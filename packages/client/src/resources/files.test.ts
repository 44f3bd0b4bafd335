import { describe, expect, it } from 'vitest'
import { Kinora } from '../client.js'
import { PermissionDeniedError } from '../errors.js'
import { apiError, fakeFetch } from '../test-fetch.js'

describe('files.download', () => {
  it('returns the bytes of a signed URL without sending the API key', async () => {
    const bytes = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112])
    const { fetch, calls } = fakeFetch(() => new Response(bytes, { status: 200 }))
    const client = new Kinora({ fetch, apiKey: 'sk-1' })
    const url = 'https://bucket.s3.example.com/v.mp4?X-Amz-Signature=abc'
    await expect(client.files.download(url)).resolves.toEqual(bytes)
    expect(calls[0]?.url.href).toBe(url)
    expect(calls[0]?.headers.has('authorization')).toBe(false)
  })

  it('resolves a relative URL against the base URL', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('x'))
    await new Kinora({ fetch, baseURL: 'http://kinora.test' }).files.download('/files/a?sig=1')
    expect(calls[0]?.url.href).toBe('http://kinora.test/files/a?sig=1')
  })

  it('throws PermissionDeniedError for an expired or altered link', async () => {
    const { fetch, calls } = fakeFetch(apiError(403, 'AccessDenied'))
    const download = new Kinora({ fetch }).files.download('http://kinora.test/files/a?sig=bad')
    await expect(download).rejects.toBeInstanceOf(PermissionDeniedError)
    expect(calls).toHaveLength(1)
  })
})
