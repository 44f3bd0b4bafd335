import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeVideo } from '../media/test-media.js'
import { outputProblems } from '../worker/check-output.js'
import { conformVideo, coverSize } from './conform-video.js'
import type { EngineJob } from './engine.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-conform-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const job = (over: Partial<EngineJob>): EngineJob => ({
  taskId: 'cgt-test',
  mode: 'text',
  inputs: [],
  prompt: '',
  resolution: '480p',
  ratio: '16:9',
  width: 864,
  height: 496,
  duration: 4,
  fps: 24,
  seed: 1,
  generateAudio: true,
  watermark: false,
  returnLastFrame: false,
  ...over,
})

describe('conformVideo', () => {
  it('covers the target size before cropping, never falling a pixel short', () => {
    expect(coverSize(832, 480, 864, 496)).toEqual({ width: 864, height: 500 })
    expect(coverSize(1280, 720, 720, 1280)).toEqual({ width: 2276, height: 1280 })
    expect(coverSize(864, 496, 864, 496)).toEqual({ width: 864, height: 496 })
  })

  it('re-times a short 16 fps clip to 24 fps, pads it to the length and fits its sound', async () => {
    const source = join(dir, 'short.mp4')
    // 3 s of 832×480 at 16 fps with 44.1 kHz sound: too small, too slow and too short.
    await makeVideo(source, { size: '832x480', fps: 16, seconds: 3 })
    const output = join(dir, 'short-out.mp4')
    const lastFramePath = join(dir, 'short-last.png')
    const spec = { sourceFormat: 'mov' as const, sound: true, watermark: true, lastFramePath }
    await conformVideo(source, output, {
      ...job({}),
      ...spec,
      preset: 'ultrafast',
      signal: new AbortController().signal,
    })
    expect(await outputProblems(output, job({}))).toEqual([])
    expect(await sharp(lastFramePath).metadata()).toMatchObject({ width: 864, height: 496 })
  })

  it('cuts a long clip to exactly fps × duration frames and drops sound when none is asked', async () => {
    const source = join(dir, 'long.mp4')
    await makeVideo(source, { size: '640x640', fps: 30, seconds: 5.5 })
    const output = join(dir, 'long-out.mp4')
    const target = job({ ratio: '9:16', width: 496, height: 864, generateAudio: false })
    await conformVideo(source, output, {
      ...target,
      sourceFormat: 'mov',
      sound: false,
      watermark: false,
      preset: 'ultrafast',
      signal: new AbortController().signal,
    })
    expect(await outputProblems(output, target)).toEqual([])
  })
})
