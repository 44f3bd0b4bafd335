import { z } from 'zod'
import type { Mode } from '../../tasks/modes.js'

/** Workflow templates shipped in `workflows/` (docs/engines.md lists the model files of each). */
export const BUILTIN_WORKFLOWS = [
  'wan22-t2v',
  'wan22-i2v',
  'wan22-flf2v',
  'wan22-vace',
  'mmaudio',
] as const

/** Which shipped workflow renders each mode on a `comfyui` route that names none. */
export const DEFAULT_WORKFLOWS: Readonly<Record<Mode, string>> = {
  text: 'wan22-t2v',
  first_frame: 'wan22-i2v',
  first_last_frame: 'wan22-flf2v',
  reference: 'wan22-vace',
  edit: 'wan22-vace',
  extend: 'wan22-vace',
}

/** The sound pass merged into every video workflow when `generate_audio` is on. */
export const DEFAULT_AUDIO_WORKFLOW = 'mmaudio'

/** Wan's usual things to avoid, in English. */
export const DEFAULT_NEGATIVE_PROMPT =
  'blurry, low quality, static, distorted, deformed, extra limbs, watermark, text, subtitles, jpeg artifacts'

/** What a `comfyui` route tells its engine (engines/route-table.ts fills it from the routes file). */
export const comfyuiRouteOptions = z.object({
  /** Per mode: a shipped workflow's name, or the path of an API-format workflow file. */
  workflows: z.partialRecord(
    z.enum(['text', 'first_frame', 'first_last_frame', 'reference', 'edit', 'extend']),
    z.string().min(1),
  ),
  /** Merged in for `generate_audio`; null when the route makes no sound. */
  audioWorkflow: z.string().min(1).nullable(),
  negativePrompt: z.string(),
})

export type ComfyuiRouteOptions = z.infer<typeof comfyuiRouteOptions>
