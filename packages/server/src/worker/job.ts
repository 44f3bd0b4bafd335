import type { EngineJob } from '../engines/engine.js'
import { internal } from '../lib/app-error.js'
import type { TaskRecord, TaskUsage } from '../store/store.js'
import { FPS, frameSize } from '../tasks/sizes.js'

/** The engine job of a claimed task: every parameter resolved to what will be rendered. */
export function jobOf(task: TaskRecord): EngineJob {
  const p = task.params
  if (p.ratio === 'adaptive' || p.duration === -1) {
    // Text-to-video resolves both at create time; media modes resolve them from their inputs.
    throw internal(`Task ${task.id} reached the engine with an unresolved ratio or duration`)
  }
  const { width, height } = frameSize(p.resolution, p.ratio)
  return {
    taskId: task.id,
    prompt: p.prompt,
    resolution: p.resolution,
    ratio: p.ratio,
    width,
    height,
    duration: p.duration,
    fps: FPS,
    seed: p.seed,
    generateAudio: p.generateAudio,
    watermark: p.watermark,
    returnLastFrame: p.returnLastFrame,
  }
}

/** Spec §2.5: floor(W × H × 24 × (output seconds + reference video seconds) / 1024). */
export function usageOf(job: EngineJob, referenceVideoSeconds = 0): TaskUsage {
  const tokens = Math.floor(
    (job.width * job.height * FPS * (job.duration + referenceVideoSeconds)) / 1024,
  )
  return { completionTokens: tokens, totalTokens: tokens }
}
