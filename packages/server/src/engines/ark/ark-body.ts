import { readFile } from 'node:fs/promises'
import type { BlobStore } from '../../blobs/blob-store.js'
import { invalidParameter } from '../../lib/app-error.js'
import type { EngineInput, EngineJob } from '../engine.js'

/** Links to stored videos must outlive the upstream's queue. */
const LINK_TTL_SECONDS = 24 * 3600

export interface ArkBodyDeps {
  upstreamModel: string
  blobs: BlobStore
  /** Whether blob links are reachable from outside (`KINORA_PUBLIC_URL` set, or S3). */
  publicLinks: boolean
  now: number
}

async function dataUrl(input: EngineInput): Promise<string> {
  const format = 'format' in input.info ? input.info.format : ''
  return `data:${input.kind}/${format};base64,${(await readFile(input.path)).toString('base64')}`
}

/**
 * A video goes upstream as a signed link on Kinora's blob store (the upstream takes no base64
 * video): inputs stored at create time are linked where they are; fetched ones are stored first,
 * under the task's prefix so they are deleted with it.
 */
async function videoLink(input: EngineInput, n: number, job: EngineJob, deps: ArkBodyDeps) {
  if (!deps.publicLinks) {
    throw invalidParameter(
      'content',
      'videos go to the Seedance upstream as links to this server, and it has no public address: the operator must set KINORA_PUBLIC_URL',
    )
  }
  let key = input.blobKey
  if (!key) {
    const mov = 'format' in input.info && input.info.format === 'mov'
    key = `tasks/${job.taskId}/upstream/video-${n}.${mov ? 'mov' : 'mp4'}`
    await deps.blobs.putFile(key, input.path, mov ? 'video/quicktime' : 'video/mp4')
  }
  return deps.blobs.signedUrl(key, LINK_TTL_SECONDS, deps.now)
}

/**
 * The upstream create body of a job (spec §2.1, which the upstream shares): the prompt, images and
 * audio as data URLs, videos as signed links, and every parameter as Kinora resolved it, so the
 * upstream renders exactly what the worker will check. Kinora keeps callbacks, priority and
 * expiry to itself.
 */
export async function arkBody(job: EngineJob, deps: ArkBodyDeps): Promise<Record<string, unknown>> {
  const content: Record<string, unknown>[] = []
  if (job.prompt !== '') content.push({ type: 'text', text: job.prompt })
  let videos = 0
  for (const input of job.inputs) {
    if (input.kind === 'image') {
      content.push({
        type: 'image_url',
        image_url: { url: await dataUrl(input) },
        role: input.role,
      })
    } else if (input.kind === 'audio') {
      content.push({
        type: 'audio_url',
        audio_url: { url: await dataUrl(input) },
        role: input.role,
      })
    } else {
      const url = await videoLink(input, ++videos, job, deps)
      content.push({ type: 'video_url', video_url: { url }, role: input.role })
    }
  }
  const reference = job.mode === 'reference' || job.mode === 'edit' || job.mode === 'extend'
  return {
    model: deps.upstreamModel,
    content,
    resolution: job.resolution,
    ratio: job.ratio,
    duration: job.duration,
    generate_audio: job.generateAudio,
    watermark: job.watermark,
    return_last_frame: job.returnLastFrame,
    seed: job.seed,
    ...(job.tools && job.tools.length > 0 ? { tools: job.tools } : {}),
    ...(reference ? { omni_reference_task_type: job.mode } : {}),
    ...(job.safetyIdentifier ? { safety_identifier: job.safetyIdentifier } : {}),
  }
}
