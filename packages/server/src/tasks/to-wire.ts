import type { BlobStore } from '../blobs/blob-store.js'
import type { TaskRecord } from '../store/store.js'
import type { TaskObject } from './schema.js'
import { FPS } from './sizes.js'

const seconds = (ms: number) => Math.floor(ms / 1000)

/**
 * A stored task as the wire object of spec §2.5. Download URLs are signed here, at read time, so
 * every GET re-issues links valid for `urlTtlSeconds`; the store keeps blob keys, never URLs.
 */
export async function toWire(
  task: TaskRecord,
  blobs: BlobStore,
  urlTtlSeconds: number,
  now: number,
): Promise<TaskObject> {
  const p = task.params
  const out = task.outputs
  const wire: TaskObject = {
    id: task.id,
    model: task.model,
    status: task.status,
    progress: task.progress,
    error: task.error,
    created_at: seconds(task.createdAt),
    updated_at: seconds(task.updatedAt),
    seed: p.seed,
    resolution: p.resolution,
    ratio: out?.ratio ?? p.ratio,
    duration: out?.duration ?? p.duration,
    framespersecond: FPS,
    generate_audio: p.generateAudio,
    watermark: p.watermark,
    return_last_frame: p.returnLastFrame,
    omni_reference_task_type: p.omniReferenceTaskType,
    execution_expires_after: p.executionExpiresAfter,
    priority: task.priority,
  }
  if (p.tools.length > 0) wire.tools = p.tools
  if (p.toolOutputs && p.toolOutputs.length > 0) {
    wire.tool_outputs = p.toolOutputs.map((o) => ({
      type: o.type,
      queries: o.queries,
      sources: o.sources.map((s) => ({ title: s.title, url: s.url })),
    }))
  }
  if (p.safetyIdentifier !== null) wire.safety_identifier = p.safetyIdentifier
  if (task.usage) {
    wire.usage = {
      completion_tokens: task.usage.completionTokens,
      total_tokens: task.usage.totalTokens,
      ...(task.usage.toolUsage ? { tool_usage: task.usage.toolUsage } : {}),
    }
  }
  if (task.status === 'succeeded' && out) {
    wire.content = { video_url: await blobs.signedUrl(out.videoKey, urlTtlSeconds, now) }
    if (out.lastFrameKey) {
      wire.content.last_frame_url = await blobs.signedUrl(out.lastFrameKey, urlTtlSeconds, now)
    }
  }
  return wire
}
