import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadToFile } from './download-to-file.js'
import { inspectAudio } from './inspect-audio.js'
import { MB } from './media-limits.js'
import { startLoopbackServer } from './test-loopback-server.js'
import { makeAudio, makeImage, makeVideo } from './test-media.js'

const param = 'content[3].audio_url.url'
let dir: string
const at = (name: string) => join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-audio-'))
  await Promise.all([
    makeAudio(at('ok.wav'), 3),
    makeAudio(at('six.wav'), 6),
    makeAudio(at('ok.mp3'), 3),
    makeAudio(at('full.mp3'), 15),
    makeAudio(at('short.wav'), 1),
    makeAudio(at('long.mp3'), 16),
    makeVideo(at('video.mp3'), { seconds: 3 }),
  ])
  const wav = await readFile(at('six.wav'))
  await writeFile(at('half.wav'), wav.subarray(0, wav.length / 2 + 1))
  await writeFile(at('image.wav'), await makeImage('png', 400, 400))
  await copyFile(at('ok.wav'), at('huge.wav'))
  await truncate(at('huge.wav'), 16 * MB)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('inspectAudio', () => {
  it.each([
    ['ok.wav', 'wav', 3],
    ['ok.mp3', 'mp3', 3],
    ['full.mp3', 'mp3', 15], // probes a little over 15 s: the encoder's padding is tolerated
  ])('accepts %s', async (name, format, seconds) => {
    const info = await inspectAudio(at(name), param)
    expect(info).toMatchObject({ kind: 'audio', format })
    expect(info.duration).toBeCloseTo(seconds, 0)
  })

  it.each([
    ['short.wav', 'the audio is 1 s long; each audio must be 2-15 s'],
    ['long.mp3', /the audio is 16\.\d+ s long; each audio must be 2-15 s/],
    ['half.wav', 'the wav audio is truncated or damaged; it does not decode to the end'],
    ['image.wav', 'the file is a PNG image, not wav or mp3 audio'],
    ['video.mp3', 'the file is an MP4 video, not wav or mp3 audio'],
    ['huge.wav', 'the audio is 16 MB; it must be at most 15 MB'],
  ])('refuses %s', async (name, why) => {
    const err = await inspectAudio(at(name), param).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    const message = (err as Error).message
    if (typeof why === 'string') expect(message).toBe(`${param}: ${why}`)
    else expect(message).toMatch(why)
  })

  it('inspects audio downloaded from a URL', async () => {
    const mp3 = await readFile(at('ok.mp3'))
    const server = await startLoopbackServer((_req, res) => res.end(mp3))
    try {
      const opts = { param, maxBytes: 15 * MB, allowPrivate: true }
      await downloadToFile(`${server.origin}/a.mp3`, at('downloaded'), opts)
      expect(await inspectAudio(at('downloaded'), param)).toMatchObject({ format: 'mp3' })
    } finally {
      await server.close()
    }
  })
})
