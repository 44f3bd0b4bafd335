import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probe } from '../../media/ffprobe.js'
import { inspectVideo } from '../../media/inspect-video.js'
import { makeVideo } from '../../media/test-media.js'
import type { EngineInput, EngineJob } from '../engine.js'
import { controlClips } from './control-clips.js'

let dir: string
let inputs: EngineInput[]
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-control-'))
  inputs = []
  for (const name of ['a.mp4', 'b.mp4']) {
    const path = join(dir, name)
    await makeVideo(path, { size: '480x320', seconds: 2.5 })
    const info = await inspectVideo(path, 'content[1].video_url.url')
    inputs.push({ kind: 'video', role: 'reference_video', path, info })
  }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const job = (mode: EngineJob['mode'], used: EngineInput[]): EngineJob => ({
  taskId: 'cgt-test',
  mode,
  inputs: used,
  prompt: '',
  resolution: '480p',
  ratio: '16:9',
  width: 864,
  height: 496,
  duration: 4,
  fps: 24,
  seed: 1,
  generateAudio: false,
  watermark: false,
  returnLastFrame: false,
})

const shape = { width: 832, height: 480, fps: 16, length: 65 }
const frames = async (path: string) => {
  const video = (await probe(path, { countFrames: true })).streams[0]!
  return [video.width, video.height, video.frames]
}

describe('controlClips', () => {
  it('keeps the end of the joined videos to extend, leaving a second to continue, under a black mask', async () => {
    const opts = { workdir: dir, preset: 'ultrafast', signal: new AbortController().signal }
    const clips = await controlClips(job('extend', inputs), shape, opts)
    // 5 s of video at 16 fps is 80 frames; 65 - 16 of them fit.
    expect(await frames(clips.video!)).toEqual([832, 480, 49])
    expect(await frames(clips.mask!)).toEqual([832, 480, 49])
  })

  it('follows the first video for reference, with no mask, and needs nothing without videos', async () => {
    const opts = { workdir: dir, preset: 'ultrafast', signal: new AbortController().signal }
    const clips = await controlClips(job('reference', inputs), shape, opts)
    expect(await frames(clips.video!)).toEqual([832, 480, 40])
    expect(clips.mask).toBeUndefined()
    expect(await controlClips(job('first_frame', []), shape, opts)).toEqual({})
  })
})
