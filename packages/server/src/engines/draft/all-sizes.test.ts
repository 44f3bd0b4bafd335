import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FPS, frameSize, RATIOS, RESOLUTIONS } from '../../tasks/sizes.js'
import { outputProblems } from '../../worker/check-output.js'
import { createDraftEngine } from './draft-engine.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-sizes-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const cases = RESOLUTIONS.flatMap((resolution) =>
  RATIOS.map((ratio) => [resolution, ratio] as const),
)

describe('the draft engine at every size of the spec', () => {
  const engine = createDraftEngine({ preset: 'ultrafast' })

  it.each(cases)(
    'renders %s %s at the exact size, 24 fps, 96 frames',
    async (resolution, ratio) => {
      const { width, height } = frameSize(resolution, ratio)
      const workdir = await mkdtemp(join(dir, `${resolution}-${ratio.replace(':', 'x')}-`))
      const job = {
        taskId: 'cgt-sizes',
        mode: 'text' as const,
        inputs: [],
        prompt: 'a harbour town at golden hour with boats and gulls',
        resolution,
        ratio,
        width,
        height,
        duration: 4,
        fps: FPS,
        seed: 11,
        // Audio on for one ratio per resolution keeps the muxing path covered without tripling time.
        generateAudio: ratio === '16:9',
        watermark: ratio === '1:1',
        returnLastFrame: false,
      }
      const result = await engine.generate(job, {
        signal: new AbortController().signal,
        workdir,
        onProgress: () => {},
      })
      expect(await outputProblems(result.videoPath, job)).toEqual([])
      await rm(workdir, { recursive: true, force: true })
    },
  )
})
