import { createFrameRenderer } from '../compositor.js'
import type { FrameSourceFactory } from './frame-source.js'

/** Text-to-video: the prompt's scene, rendered as layered 2.5D (compositor.ts). */
export const textSource: FrameSourceFactory = async ({ job, scene, timeline }) => {
  const renderer = createFrameRenderer({
    width: job.width,
    height: job.height,
    fps: job.fps,
    duration: job.duration,
    scene,
    seed: job.seed,
    timeline,
  })
  return { render: (i) => renderer.render(i), close: async () => {} }
}
