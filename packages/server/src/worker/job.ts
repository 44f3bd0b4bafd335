import type { EngineInput, EngineJob } from '../engines/engine.js'
import type { TaskRecord, TaskUsage } from '../store/store.js'
import { FPS, frameSize, nearestRatio, type FixedRatio } from '../tasks/sizes.js'

const clampSeconds = (s: number) => Math.min(15, Math.max(4, Math.round(s)))

/** `adaptive` from the inputs (spec §2.6): the first image, or for edit/extend the first video. */
function adaptiveRatio(task: TaskRecord, inputs: readonly EngineInput[]): FixedRatio {
  const mode = task.params.mode
  const first = (kind: 'image' | 'video') => inputs.find((i) => i.kind === kind)?.info
  const source =
    mode === 'edit' || mode === 'extend' ? first('video') : (first('image') ?? first('video'))
  return source && 'width' in source ? nearestRatio(source.width, source.height) : '16:9'
}

/**
 * `duration: -1` (and an edit without a duration) from the inputs: an edit keeps its video's
 * length, an extension continues its videos by a few seconds, a reference clip follows its
 * soundtrack; frame modes make a 5 s shot.
 */
function engineDuration(task: TaskRecord, inputs: readonly EngineInput[]): number {
  const seconds = (kind: 'video' | 'audio') =>
    inputs.filter((i) => i.kind === kind).map((i) => ('duration' in i.info ? i.info.duration : 0))
  switch (task.params.mode) {
    case 'edit':
      return clampSeconds(seconds('video')[0] ?? 5)
    case 'extend':
      return clampSeconds(seconds('video').reduce((a, b) => a + b, 0) + 3)
    case 'reference':
      return clampSeconds(seconds('audio')[0] ?? 5)
    default:
      return 5
  }
}

/** The engine job of a claimed task: every parameter resolved to what will be rendered. */
export function jobOf(task: TaskRecord, inputs: EngineInput[] = []): EngineJob {
  const p = task.params
  const ratio = p.ratio === 'adaptive' ? adaptiveRatio(task, inputs) : p.ratio
  const duration = p.duration === -1 ? engineDuration(task, inputs) : p.duration
  const { width, height } = frameSize(p.resolution, ratio)
  return {
    taskId: task.id,
    model: task.model,
    mode: p.mode,
    inputs,
    prompt: p.prompt,
    resolution: p.resolution,
    ratio,
    width,
    height,
    duration,
    fps: FPS,
    seed: p.seed,
    generateAudio: p.generateAudio,
    watermark: p.watermark,
    returnLastFrame: p.returnLastFrame,
    tools: p.tools,
    ...(p.safetyIdentifier === null ? {} : { safetyIdentifier: p.safetyIdentifier }),
  }
}

/** Spec §2.5: floor(W × H × 24 × (output seconds + reference video seconds) / 1024). */
export function usageOf(job: EngineJob): TaskUsage {
  const referenceSeconds = job.inputs
    .filter((i) => i.kind === 'video')
    .reduce((sum, i) => sum + ('duration' in i.info ? i.info.duration : 0), 0)
  const tokens = Math.floor(
    (job.width * job.height * FPS * (job.duration + referenceSeconds)) / 1024,
  )
  return { completionTokens: tokens, totalTokens: tokens }
}
