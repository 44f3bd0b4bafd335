import { internal } from '../../lib/app-error.js'
import type { ApiGraph, Link, WorkflowTemplate } from './workflow-template.js'

/** What a placeholder becomes: a literal, or a link to another node's output. */
export type PlaceholderValue = string | number | boolean | Link

const PLACEHOLDER = /^\{\{(\w+)\}\}$/

const isLink = (v: unknown): v is Link => Array.isArray(v)

/** Nodes that turn frames into a video and take an `audio` input (protocols.md B). */
const SOUND_SINKS = ['CreateVideo', 'VHS_VideoCombine']

/**
 * Fills a template's placeholders (`"{{seed}}"` → the seed, typed). A placeholder listed under the
 * template's `optional` may go without a value: its nodes are dropped, and so is every input that
 * linked to them. Any other placeholder without a value is a template fault, named in the error.
 */
export function fillWorkflow(
  template: WorkflowTemplate,
  values: Readonly<Record<string, PlaceholderValue | undefined>>,
): ApiGraph {
  const graph: ApiGraph = structuredClone(template.prompt)
  for (const [name, nodes] of Object.entries(template.optional)) {
    if (values[name] === undefined) for (const id of nodes) delete graph[id]
  }
  for (const [id, node] of Object.entries(graph)) {
    for (const [key, value] of Object.entries(node.inputs)) {
      if (isLink(value)) {
        if (!graph[value[0]]) delete node.inputs[key]
        continue
      }
      const name = typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined
      if (name === undefined) continue
      const filled = values[name]
      if (filled === undefined) {
        throw internal(
          `ComfyUI workflow ${template.name}: node ${id} (${node.class_type}) needs {{${name}}}, which Kinora has no value for here`,
        )
      }
      node.inputs[key] = filled
    }
  }
  return graph
}

/**
 * Merges an audio template into a filled video graph: its `{{images}}` become the frames the
 * video's CreateVideo encodes, and that CreateVideo muxes the template's `audio_output`.
 */
export function addSound(
  graph: ApiGraph,
  audio: WorkflowTemplate,
  values: Readonly<Record<string, PlaceholderValue | undefined>>,
): ApiGraph {
  const sink = Object.values(graph).find((n) => SOUND_SINKS.includes(n.class_type))
  const images = sink?.inputs.images
  if (!sink || !isLink(images) || !audio.audio_output) {
    throw internal(
      `ComfyUI workflow ${audio.name} cannot add sound: the video workflow has no ${SOUND_SINKS.join(' or ')} node with linked images`,
    )
  }
  const sound = fillWorkflow(audio, { ...values, images })
  const clash = Object.keys(sound).find((id) => graph[id])
  if (clash) throw internal(`ComfyUI workflow ${audio.name} reuses node id ${clash}`)
  sink.inputs.audio = audio.audio_output
  return { ...graph, ...sound }
}
