import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadToFile } from './download-to-file.js'
import { inspectVideo } from './inspect-video.js'
import { MB } from './media-limits.js'
import { startLoopbackServer, type LoopbackServer } from './test-loopback-server.js'
import { makeImage, makeVideo } from './test-media.js'

const param = 'content[2].video_url.url'
let dir: string
let canary: LoopbackServer
const at = (name: string) => join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-video-'))
  canary = await startLoopbackServer()
  await Promise.all([
    makeVideo(at('ok.mp4')),
    makeVideo(at('ok.mov'), { container: 'mov', audio: false }),
    makeVideo(at('hevc.mp4'), { codec: 'libx265', audio: false }),
    makeVideo(at('ntsc.mp4'), { fps: 24000 / 1001, audio: false }),
    makeVideo(at('short.mp4'), { seconds: 1, audio: false }),
    makeVideo(at('long.mp4'), { seconds: 16, size: '300x300', audio: false }),
    makeVideo(at('slow.mp4'), { fps: 20, audio: false }),
    makeVideo(at('small.mp4'), { size: '320x240', audio: false }),
    makeVideo(at('mpeg4.mp4'), { codec: 'mpeg4', audio: false }),
  ])
  const ok = await readFile(at('ok.mp4'))
  await writeFile(at('half.mp4'), ok.subarray(0, ok.length / 2))
  await copyFile(at('ok.mp4'), at('huge.mp4'))
  await truncate(at('huge.mp4'), 51 * MB)
  await writeFile(at('image.mp4'), await makeImage('png', 400, 400))
  await writeFile(
    at('playlist.mp4'),
    `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${canary.origin}/segment.ts\n#EXT-X-ENDLIST\n`,
  )
  await writeFile(at('concat.mp4'), `ffconcat version 1.0\nfile ${canary.origin}/part.mp4\n`)
})
afterAll(async () => {
  await canary.close()
  await rm(dir, { recursive: true, force: true })
})

describe('inspectVideo', () => {
  it('accepts an H.264 mp4 with sound and reports what later stages need', async () => {
    const info = await inspectVideo(at('ok.mp4'), param)
    expect(info).toMatchObject({
      kind: 'video',
      format: 'mp4',
      codec: 'h264',
      width: 320,
      height: 320,
      fps: 24,
      hasAudio: true,
    })
    expect(info.duration).toBeCloseTo(2.5, 1)
    expect(info.bytes).toBe((await readFile(at('ok.mp4'))).length)
  })

  it.each([
    ['ok.mov', { format: 'mov', codec: 'h264', hasAudio: false }],
    ['hevc.mp4', { format: 'mp4', codec: 'hevc' }],
    ['ntsc.mp4', { format: 'mp4', fps: expect.closeTo(23.976, 3) as number }],
  ])('accepts %s', async (name, expected) => {
    expect(await inspectVideo(at(name), param)).toMatchObject(expected)
  })

  it.each([
    ['short.mp4', 'the video is 1 s long; each video must be 2-15 s'],
    ['long.mp4', 'the video is 16 s long; each video must be 2-15 s'],
    ['slow.mp4', 'the video is 20 fps; it must be 24-60 fps'],
    ['small.mp4', 'the video is 320×240 px; each side must be 300-6000 px'],
    ['mpeg4.mp4', 'the video is mpeg4; it must be H.264 or H.265'],
    ['huge.mp4', 'the video is 51 MB; it must be at most 50 MB'],
    ['image.mp4', 'the file is a PNG image, not an mp4 or mov video'],
    ['half.mp4', 'the H.264 video is truncated or damaged; it does not decode to the end'],
  ])('refuses %s', async (name, why) => {
    await expect(inspectVideo(at(name), param)).rejects.toThrow(`${param}: ${why}`)
  })

  it.each([
    ['playlist.mp4', 'an HLS playlist'],
    ['concat.mp4', 'an ffmpeg concat list'],
  ])('refuses %s and never opens what it points at', async (name, what) => {
    await expect(inspectVideo(at(name), param)).rejects.toThrow(
      `${param}: the file is ${what}, not an mp4 or mov video`,
    )
    expect(canary.hits).toEqual([])
  })

  it('refuses an mp4 cut short before its index, without leaking the server path', async () => {
    const moovLast = at('moov-last.mp4')
    await makeVideo(moovLast, { audio: false, faststart: false })
    const whole = await readFile(moovLast)
    await writeFile(moovLast, whole.subarray(0, whole.length - 200))
    const err = await inspectVideo(moovLast, param).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toBe(
      `${param}: the file is not a readable mp4 video; its structure is damaged or incomplete`,
    )
  })

  it('inspects a video downloaded from a URL', async () => {
    const mp4 = await readFile(at('ok.mp4'))
    const server = await startLoopbackServer((_req, res) => res.end(mp4))
    try {
      const path = at('downloaded')
      const opts = { param, maxBytes: 50 * MB, allowPrivate: true }
      await downloadToFile(`${server.origin}/clip.mp4`, path, opts)
      expect(await inspectVideo(path, param)).toMatchObject({ format: 'mp4', width: 320 })
    } finally {
      await server.close()
    }
  })
})
