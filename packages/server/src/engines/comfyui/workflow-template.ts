import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { z } from 'zod'
import mmaudio from './workflows/mmaudio.json' with { type: 'json' }
import wan22Flf2v from './workflows/wan22-flf2v.json' with { type: 'json' }
import wan22I2v from './workflows/wan22-i2v.json' with { type: 'json' }
import wan22T2v from './workflows/wan22-t2v.json' with { type: 'json' }
import wan22Vace from './workflows/wan22-vace.json' with { type: 'json' }

const link = z.tuple([z.string(), z.number().int().min(0)])

/** An API-format graph (protocols.md A.1): node id → `{class_type, inputs}`. */
const apiGraph = z.record(
  z.string(),
  z.object({
    class_type: z.string().min(1),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), link])),
  }),
)

/**
 * A workflow template file (docs/engines.md): an API-format `prompt` whose string inputs may be
 * whole-value placeholders such as `"{{seed}}"`, and what it needs to run. Video templates give
 * their render rules; an audio template names the output its video's `CreateVideo` muxes.
 */
const templateFile = z.object({
  description: z.string(),
  /** Model files, by ComfyUI `models/` folder, the operator must install. */
  models: z.array(z.object({ folder: z.string(), file: z.string() })),
  /** Custom node packs (GitHub owner/name) the template needs beyond core ComfyUI. */
  custom_nodes: z.array(z.string()).default([]),
  /** Video: the frame rate the model renders at. */
  fps: z.number().positive().optional(),
  /** Video: `length` is a multiple of this plus one (Wan: 4n+1). */
  frame_step: z.number().int().positive().optional(),
  /** Video: width and height are multiples of this. */
  size_step: z.number().int().positive().optional(),
  /** Placeholders that may go without a value, each with the nodes dropped then. */
  optional: z.record(z.string(), z.array(z.string())).default({}),
  /** Audio: the link `CreateVideo.audio` gets. */
  audio_output: link.optional(),
  prompt: apiGraph,
})

export type ApiGraph = z.infer<typeof apiGraph>
export type Link = z.infer<typeof link>

export interface WorkflowTemplate extends z.infer<typeof templateFile> {
  /** Its shipped name, or its file's name. */
  name: string
}

const BUILTIN: Record<string, unknown> = {
  'wan22-t2v': wan22T2v,
  'wan22-i2v': wan22I2v,
  'wan22-flf2v': wan22Flf2v,
  'wan22-vace': wan22Vace,
  mmaudio,
}

/**
 * A shipped workflow by name, or an operator's file by absolute path (engines/route-table.ts has
 * already resolved and checked it). Throws naming the file and what is wrong with it.
 */
export function loadWorkflow(nameOrPath: string): WorkflowTemplate {
  const builtin = BUILTIN[nameOrPath]
  const name = builtin ? nameOrPath : basename(nameOrPath)
  const raw = builtin ?? JSON.parse(readFileSync(nameOrPath, 'utf8'))
  const parsed = templateFile.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `ComfyUI workflow ${nameOrPath} is not a Kinora template: ${issue?.path.join('.')}: ${issue?.message}`,
    )
  }
  const template = parsed.data
  if (!template.audio_output && !(template.fps && template.frame_step && template.size_step)) {
    throw new Error(
      `ComfyUI workflow ${nameOrPath} needs fps, frame_step and size_step (a video template) or audio_output (an audio template)`,
    )
  }
  return { ...template, name }
}
