/**
 * The node schemas a fake ComfyUI validates graphs against (protocols.md A.1, C): required and
 * optional inputs with their types, and output types, for the core and MMAudio nodes Kinora's
 * workflows use. Checking follows ComfyUI's validation: unknown classes, missing inputs, links to
 * missing nodes or of the wrong type, bad literals, and values not in a combo's list.
 */

/** A model folder's file list (`value_not_in_list` when a file is missing). */
type Models = { models: string }
type InputType = string | readonly string[] | Models

interface NodeSpec {
  required: Record<string, InputType>
  optional?: Record<string, InputType>
  outputs: string[]
  output?: boolean
}

const PRIMITIVES = ['INT', 'FLOAT', 'STRING', 'BOOLEAN']
/** A file name the loader checks exists among the uploads. */
const UPLOAD = 'UPLOAD'
const PRECISION = ['fp16', 'fp32', 'bf16']
const latentShape = { width: 'INT', height: 'INT', length: 'INT', batch_size: 'INT' }
const conditioning = { positive: 'CONDITIONING', negative: 'CONDITIONING', vae: 'VAE' }
const wanOutputs = ['CONDITIONING', 'CONDITIONING', 'LATENT']

export const NODES: Record<string, NodeSpec> = {
  UNETLoader: {
    required: {
      unet_name: { models: 'diffusion_models' },
      weight_dtype: ['default', 'fp8_e4m3fn', 'fp8_e4m3fn_fast', 'fp8_e5m2'],
    },
    outputs: ['MODEL'],
  },
  CLIPLoader: {
    required: { clip_name: { models: 'text_encoders' }, type: ['stable_diffusion', 'wan', 'ltxv'] },
    optional: { device: ['default', 'cpu'] },
    outputs: ['CLIP'],
  },
  VAELoader: { required: { vae_name: { models: 'vae' } }, outputs: ['VAE'] },
  ModelSamplingSD3: { required: { model: 'MODEL', shift: 'FLOAT' }, outputs: ['MODEL'] },
  CLIPTextEncode: { required: { clip: 'CLIP', text: 'STRING' }, outputs: ['CONDITIONING'] },
  EmptyHunyuanLatentVideo: { required: latentShape, outputs: ['LATENT'] },
  KSamplerAdvanced: {
    required: {
      model: 'MODEL',
      add_noise: ['enable', 'disable'],
      noise_seed: 'INT',
      steps: 'INT',
      cfg: 'FLOAT',
      sampler_name: ['euler', 'euler_ancestral', 'uni_pc', 'dpmpp_2m'],
      scheduler: ['simple', 'normal', 'karras', 'beta'],
      positive: 'CONDITIONING',
      negative: 'CONDITIONING',
      latent_image: 'LATENT',
      start_at_step: 'INT',
      end_at_step: 'INT',
      return_with_leftover_noise: ['disable', 'enable'],
    },
    outputs: ['LATENT'],
  },
  VAEDecode: { required: { samples: 'LATENT', vae: 'VAE' }, outputs: ['IMAGE'] },
  CreateVideo: {
    required: { images: 'IMAGE', fps: 'FLOAT' },
    optional: { audio: 'AUDIO' },
    outputs: ['VIDEO'],
  },
  SaveVideo: {
    required: {
      video: 'VIDEO',
      filename_prefix: 'STRING',
      format: ['auto', 'mp4'],
      codec: ['auto', 'h264'],
    },
    outputs: [],
    output: true,
  },
  LoadImage: { required: { image: UPLOAD }, outputs: ['IMAGE', 'MASK'] },
  WanImageToVideo: {
    required: { ...conditioning, ...latentShape },
    optional: { clip_vision_output: 'CLIP_VISION_OUTPUT', start_image: 'IMAGE' },
    outputs: wanOutputs,
  },
  WanFirstLastFrameToVideo: {
    required: { ...conditioning, ...latentShape },
    optional: {
      clip_vision_start_image: 'CLIP_VISION_OUTPUT',
      clip_vision_end_image: 'CLIP_VISION_OUTPUT',
      start_image: 'IMAGE',
      end_image: 'IMAGE',
    },
    outputs: wanOutputs,
  },
  WanVaceToVideo: {
    required: { ...conditioning, ...latentShape, strength: 'FLOAT' },
    optional: { control_video: 'IMAGE', control_masks: 'MASK', reference_image: 'IMAGE' },
    outputs: [...wanOutputs, 'INT'],
  },
  TrimVideoLatent: { required: { samples: 'LATENT', trim_amount: 'INT' }, outputs: ['LATENT'] },
  LoadVideo: { required: { file: UPLOAD }, outputs: ['VIDEO'] },
  GetVideoComponents: { required: { video: 'VIDEO' }, outputs: ['IMAGE', 'AUDIO', 'FLOAT'] },
  ImageToMask: {
    required: { image: 'IMAGE', channel: ['red', 'green', 'blue', 'alpha'] },
    outputs: ['MASK'],
  },
  MMAudioModelLoader: {
    required: { mmaudio_model: { models: 'mmaudio' }, base_precision: PRECISION },
    outputs: ['MMAUDIO_MODEL'],
  },
  MMAudioFeatureUtilsLoader: {
    required: {
      vae_model: { models: 'mmaudio' },
      synchformer_model: { models: 'mmaudio' },
      clip_model: { models: 'mmaudio' },
      mode: ['16k', '44k'],
      precision: PRECISION,
    },
    outputs: ['MMAUDIO_FEATUREUTILS'],
  },
  MMAudioSampler: {
    required: {
      mmaudio_model: 'MMAUDIO_MODEL',
      feature_utils: 'MMAUDIO_FEATUREUTILS',
      duration: 'FLOAT',
      steps: 'INT',
      cfg: 'FLOAT',
      seed: 'INT',
      prompt: 'STRING',
      negative_prompt: 'STRING',
      mask_away_clip: 'BOOLEAN',
      force_offload: 'BOOLEAN',
    },
    optional: { images: 'IMAGE' },
    outputs: ['AUDIO'],
  },
}

interface NodeError {
  type: string
  message: string
  details: string
  extra_info: Record<string, unknown>
}

interface GraphCheck {
  /** Faults of the client: the test fails on any. */
  violations: string[]
  /** Per node, as `node_errors` of a 400 answer. */
  nodeErrors: Record<string, { class_type: string; errors: NodeError[] }>
}

type Graph = Record<string, { class_type?: unknown; inputs?: Record<string, unknown> }>

/** Validates a graph as ComfyUI would, given the installed model files and the uploads. */
export function checkGraph(
  graph: Graph,
  files: { models: Record<string, string[]>; uploads: Set<string> },
): GraphCheck {
  const result: GraphCheck = { violations: [], nodeErrors: {} }
  const fault = (id: string, cls: string, type: string, details: string, byClient = true) => {
    if (byClient) result.violations.push(`node ${id} (${cls}): ${type}: ${details}`)
    const entry = (result.nodeErrors[id] ??= { class_type: cls, errors: [] })
    entry.errors.push({ type, message: type.replace(/_/g, ' '), details, extra_info: {} })
  }
  for (const [id, node] of Object.entries(graph)) {
    const cls = String(node.class_type)
    const spec = NODES[cls]
    if (!spec || typeof node.inputs !== 'object' || node.inputs === null) {
      fault(id, cls, 'invalid_prompt', `unknown class or no inputs`)
      continue
    }
    const all = { ...spec.required, ...spec.optional }
    for (const name of Object.keys(spec.required)) {
      if (!(name in node.inputs)) fault(id, cls, 'required_input_missing', name)
    }
    for (const [name, value] of Object.entries(node.inputs)) {
      const type = all[name]
      if (type === undefined) {
        // Dotted ids belong to dynamic combos (protocols.md A.1) and are ignored, like ComfyUI.
        if (!name.includes('.')) fault(id, cls, 'unknown_input', name)
        continue
      }
      checkInput(graph, id, cls, name, type, value, files, fault)
    }
    const { width, height, length } = node.inputs
    for (const [name, v] of Object.entries({ width, height })) {
      if (typeof v === 'number' && v % 16 !== 0) fault(id, cls, 'bad_size', `${name} ${v} % 16`)
    }
    if (typeof length === 'number' && (length - 1) % 4 !== 0) {
      fault(id, cls, 'bad_length', `length ${length} is not 4n+1`)
    }
  }
  if (!Object.values(graph).some((n) => NODES[String(n.class_type)]?.output)) {
    result.violations.push('prompt_no_outputs')
  }
  return result
}

function checkInput(
  graph: Graph,
  id: string,
  cls: string,
  name: string,
  type: InputType,
  value: unknown,
  files: { models: Record<string, string[]>; uploads: Set<string> },
  fault: (id: string, cls: string, type: string, details: string, byClient?: boolean) => void,
) {
  if (Array.isArray(value)) {
    const [from, index] = value as unknown[]
    const source = NODES[String(graph[String(from)]?.class_type)]
    const produced = source?.outputs[Number(index)]
    if (typeof from !== 'string' || !Number.isInteger(index) || !produced) {
      return fault(id, cls, 'bad_linked_input', `${name} links to ${JSON.stringify(value)}`)
    }
    if (typeof type !== 'string' || produced !== type) {
      fault(id, cls, 'return_type_mismatch', `${name} wants ${String(type)}, gets ${produced}`)
    }
    return
  }
  if (typeof type === 'object' && 'models' in type) {
    if (!files.models[type.models]?.includes(String(value))) {
      fault(id, cls, 'value_not_in_list', `${name}: '${String(value)}' not in list`, false)
    }
  } else if (typeof type !== 'string') {
    if (!type.includes(String(value)))
      fault(id, cls, 'value_not_in_list', `${name}: ${String(value)}`)
  } else if (type === UPLOAD) {
    if (!files.uploads.has(String(value))) {
      fault(id, cls, 'custom_validation_failed', `Invalid file: ${String(value)}`)
    }
  } else if (PRIMITIVES.includes(type)) {
    const ok =
      (type === 'INT' && Number.isInteger(value) && (value as number) >= 0) ||
      (type === 'FLOAT' && typeof value === 'number') ||
      (type === 'STRING' && typeof value === 'string') ||
      (type === 'BOOLEAN' && typeof value === 'boolean')
    if (!ok) fault(id, cls, 'invalid_input_type', `${name}: ${JSON.stringify(value)} is no ${type}`)
  } else {
    fault(id, cls, 'required_input_missing', `${name} needs a link to a ${type}`)
  }
}
