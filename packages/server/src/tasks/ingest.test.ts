import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { characterPng } from '../assets/test-assets.js'
import { createFsBlobStore } from '../blobs/fs.js'
import { makeAudio } from '../media/test-media.js'
import { ingestMedia } from './ingest.js'
import type { MediaRef } from './modes.js'

let dir: string
let png: Buffer
let wav: Buffer
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-ingest-test-'))
  png = await characterPng(640, 480)
  await makeAudio(join(dir, 'a.wav'), 3)
  wav = await readFile(join(dir, 'a.wav'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const blobs = () =>
  createFsBlobStore({ root: join(dir, 'blobs'), secret: 's', publicUrl: () => 'http://x' })
const dataUrl = (mime: string, data: Buffer) => `data:${mime};base64,${data.toString('base64')}`
const media = (audioUrl: string): MediaRef[] => [
  { index: 1, kind: 'image', role: 'reference_image', url: dataUrl('image/png', png) },
  { index: 2, kind: 'audio', role: 'reference_audio', url: audioUrl },
]

describe('ingestMedia of data URLs', () => {
  it('stores each medium under its real type, whichever alias was declared', async () => {
    const store = blobs()
    const out = await ingestMedia('cgt-1', 'p', media(dataUrl('audio/x-wav', wav)), {
      blobs: store,
      allowPrivateUrls: false,
    })
    expect(out.map((m) => [m.url, m.blobKey])).toEqual([
      ['data:image/png', 'tasks/cgt-1/inputs/1'],
      ['data:audio/wav', 'tasks/cgt-1/inputs/2'],
    ])
    expect((await store.stat('tasks/cgt-1/inputs/2'))?.contentType).toBe('audio/wav')
  })

  it('refuses a medium that is not what its type says, naming it, and keeps nothing', async () => {
    const store = blobs()
    const ingest = ingestMedia('cgt-2', 'p', media(dataUrl('audio/mp3', wav)), {
      blobs: store,
      allowPrivateUrls: false,
    })
    await expect(ingest).rejects.toMatchObject({
      status: 400,
      code: 'InvalidParameter',
      param: 'content[2].audio_url.url',
      message: expect.stringContaining('is not what its type says'),
    })
    // The image before it was stored, then removed with the refusal.
    expect(await store.stat('tasks/cgt-2/inputs/1')).toBeNull()
  })
})
