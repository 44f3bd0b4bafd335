import { copyFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Engine, EngineJob } from '../engines/engine.js'
import { makeVideo } from '../media/test-media.js'

/** A body whose output `makeContractClip` matches: 480p 16:9, 4 s, no audio. */
export const CLIP_TASK = {
  model: 'seedance-2.0',
  content: [{ type: 'text', text: 'a quiet harbour at dawn, boats' }],
  resolution: '480p',
  ratio: '16:9',
  duration: 4,
  generate_audio: false,
}

/** An mp4 that passes the output probe for `CLIP_TASK` (864×496, 96 frames, no audio). */
export async function makeContractClip(path: string, seconds = 4): Promise<string> {
  await makeVideo(path, { size: '864x496', fps: 24, seconds, audio: false })
  return path
}

/** Copies `clip` into an engine's work folder as its output. */
export async function outputOf(clip: string, workdir: string): Promise<string> {
  const path = join(workdir, 'video.mp4')
  await copyFile(clip, path)
  return path
}

/**
 * An engine standing in for a renderer: it hands back the file `make` puts in its work folder
 * (faults are injected there) and counts its calls.
 */
export function fileEngine(
  make: (job: EngineJob, workdir: string, call: number) => Promise<string>,
) {
  const engine = {
    calls: 0,
    name: 'draft',
    async generate(job: EngineJob, ctx: { workdir: string }) {
      engine.calls++
      return { videoPath: await make(job, ctx.workdir, engine.calls) }
    },
  }
  return engine satisfies Engine
}

/** Every file (not folder) under `root`, relative to it, sorted; none when it does not exist. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()
}
