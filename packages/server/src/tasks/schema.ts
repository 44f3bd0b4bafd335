import { z } from 'zod'
import { RATIOS, RESOLUTIONS } from './sizes.js'

/**
 * The wire schemas of the task API (spec §2). They drive request validation, the OpenAPI document
 * and, through a type test, the SDK's types. Messages say what to send instead.
 */

/**
 * A string without the NUL character: PostgreSQL can store it in neither text nor jsonb, and no
 * field of the API needs it. `name` names the field in the message; `error` is the message for a
 * value that is not a string.
 */
const str = (name: string, error: string) =>
  z.string({ error }).refine((s) => !s.includes('\u0000'), {
    error: `${name} must not contain the NUL character (\\u0000); remove it`,
  })

const url = (what: string) =>
  z.object({
    url: str(
      `${what}.url`,
      `${what}.url must be a string: an http(s) URL, a data URL or asset://<id>`,
    ),
  })

export const textItem = z.object({
  type: z.literal('text'),
  text: str('text', 'text must be a string'),
})

export const imageItem = z.object({
  type: z.literal('image_url'),
  image_url: url('image_url'),
  role: z
    .enum(['first_frame', 'last_frame', 'reference_image'], {
      error: 'role of an image must be first_frame, last_frame or reference_image',
    })
    .optional(),
})

export const videoItem = z.object({
  type: z.literal('video_url'),
  video_url: url('video_url'),
  role: z
    .literal('reference_video', { error: 'role of a video must be reference_video' })
    .optional(),
})

export const audioItem = z.object({
  type: z.literal('audio_url'),
  audio_url: url('audio_url'),
  role: z
    .literal('reference_audio', { error: 'role of an audio clip must be reference_audio' })
    .optional(),
})

export const contentItem = z.discriminatedUnion(
  'type',
  [textItem, imageItem, videoItem, audioItem],
  {
    error: 'type must be one of text, image_url, video_url, audio_url',
  },
)

const int = (name: string, min: number, max: number, extra = '') =>
  z
    .number({ error: `${name} must be an integer from ${min} to ${max}${extra}` })
    .int({ error: `${name} must be an integer from ${min} to ${max}${extra}` })
    .min(min, { error: `${name} must be at least ${min}${extra}` })
    .max(max, { error: `${name} must be at most ${max}${extra}` })

const bool = (name: string) => z.boolean({ error: `${name} must be true or false` })

export const createTaskBody = z.object({
  model: str(
    'model',
    'model is required: send "seedance-2.0" or a model id from GET /api/v3/models',
  ).min(1, {
    error: 'model is required: send "seedance-2.0" or a model id from GET /api/v3/models',
  }),
  content: z
    .array(contentItem, { error: 'content must be an array of content items' })
    .min(1, { error: 'content must hold at least one item, e.g. {"type":"text","text":"…"}' }),
  resolution: z
    .enum(RESOLUTIONS, { error: `resolution must be one of ${RESOLUTIONS.join(', ')}` })
    .optional(),
  ratio: z
    .enum([...RATIOS, 'adaptive'], { error: `ratio must be one of ${RATIOS.join(', ')}, adaptive` })
    .optional(),
  duration: int('duration', -1, 15, ' (4-15 seconds, or -1 to let the engine pick)').optional(),
  generate_audio: bool('generate_audio').optional(),
  watermark: bool('watermark').optional(),
  return_last_frame: bool('return_last_frame').optional(),
  seed: int('seed', -1, 4294967295, ' (-1 picks a random seed)').optional(),
  tools: z
    .array(
      z.object({
        type: z.literal('web_search', { error: 'the only tool is {"type":"web_search"}' }),
      }),
      {
        error: 'tools must be an array such as [{"type":"web_search"}]',
      },
    )
    .optional(),
  callback_url: str('callback_url', 'callback_url must be an http(s) URL').optional(),
  execution_expires_after: int('execution_expires_after', 3600, 259200, ' seconds').optional(),
  priority: int('priority', 0, 9).optional(),
  safety_identifier: str('safety_identifier', 'safety_identifier must be a string')
    .max(64, { error: 'safety_identifier must be at most 64 characters' })
    .optional(),
  omni_reference_task_type: z
    .enum(['auto', 'reference', 'edit', 'extend'], {
      error: 'omni_reference_task_type must be one of auto, reference, edit, extend',
    })
    .optional(),
  // Accepted only to refuse them with a clear message (spec §2.1): not supported by this family.
  frames: z.unknown().optional(),
  camera_fixed: z.unknown().optional(),
  draft: z.unknown().optional(),
  service_tier: z.unknown().optional(),
})

export type CreateTaskBody = z.infer<typeof createTaskBody>

/** 1-255 printable ASCII characters (spec §4). */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/

/**
 * Headers of create: an optional `Idempotency-Key` (spec §4). Loose, so that validation keeps the
 * other headers (Authorization) on the request.
 */
export const createTaskHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY, {
      error:
        'Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID; send the same key to repeat a create safely',
    })
    .optional()
    .meta({
      description:
        'A key of your choice (1-255 printable ASCII characters, such as a UUID). A repeat of the same body with the same key within 24 hours answers the first task instead of creating another; another body with the key is 409 IdempotencyKeyReused.',
    }),
})
export type ContentItem = z.infer<typeof contentItem>

export const createTaskResponse = z.object({ id: z.string() })

export const taskStatus = z.enum([
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
])

export const taskObject = z.object({
  id: z.string(),
  model: z.string(),
  status: taskStatus,
  progress: z.number().int().min(0).max(100),
  content: z.object({ video_url: z.string(), last_frame_url: z.string().optional() }).optional(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  usage: z
    .object({
      completion_tokens: z.number().int(),
      total_tokens: z.number().int(),
      tool_usage: z.record(z.string(), z.number().int()).optional(),
    })
    .optional(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  seed: z.number().int(),
  resolution: z.enum(RESOLUTIONS),
  ratio: z.enum([...RATIOS, 'adaptive']),
  duration: z.number().int(),
  framespersecond: z.number().int(),
  generate_audio: z.boolean(),
  watermark: z.boolean(),
  return_last_frame: z.boolean(),
  tools: z.array(z.object({ type: z.literal('web_search') })).optional(),
  /** (ext) Spec §2.7: the queries a web search sent and the sources it used. */
  tool_outputs: z
    .array(
      z.object({
        type: z.literal('web_search'),
        queries: z.array(z.string()),
        sources: z.array(z.object({ title: z.string(), url: z.string() })),
      }),
    )
    .optional(),
  omni_reference_task_type: z.enum(['reference', 'edit', 'extend']).nullable(),
  execution_expires_after: z.number().int(),
  priority: z.number().int(),
  safety_identifier: z.string().optional(),
})

export type TaskObject = z.infer<typeof taskObject>

const taskIdFilter = str('filter.task_ids', 'filter.task_ids must be task ids')

/** Query strings carry only strings; repeated `filter.task_ids` arrive as an array. */
export const listTasksQuery = z.object({
  page_num: z.coerce
    .number({ error: 'page_num must be an integer from 1 to 500' })
    .int({ error: 'page_num must be an integer from 1 to 500' })
    .min(1, { error: 'page_num must be an integer from 1 to 500' })
    .max(500, { error: 'page_num must be an integer from 1 to 500' })
    .default(1),
  page_size: z.coerce
    .number({ error: 'page_size must be an integer from 1 to 500' })
    .int({ error: 'page_size must be an integer from 1 to 500' })
    .min(1, { error: 'page_size must be an integer from 1 to 500' })
    .max(500, { error: 'page_size must be an integer from 1 to 500' })
    .default(10),
  'filter.status': taskStatus.optional(),
  'filter.task_ids': z.union([taskIdFilter, z.array(taskIdFilter)]).optional(),
  'filter.model': str('filter.model', 'filter.model must be a model id').optional(),
})

export const listTasksResponse = z.object({ total: z.number().int(), items: z.array(taskObject) })

export const taskIdParams = z.object({ id: str('id', 'id must be a task id') })

/** (ext) `GET …/tasks/{id}/callbacks`: every delivery attempt of the task's callbacks (spec §2.5). */
export const callbackAttemptList = z.object({
  items: z.array(
    z.object({
      /** The `webhook-id` header: the same on every retry of one message. */
      webhook_id: z.string(),
      /** The task status the message reported. */
      status: taskStatus,
      attempt: z.number().int(),
      url: z.string(),
      /** The receiver's HTTP status; null when no answer came. */
      http_status: z.number().int().nullable(),
      delivered: z.boolean(),
      error: z.string().nullable(),
      /** Unix seconds. */
      sent_at: z.number().int(),
      duration_ms: z.number().int(),
    }),
  ),
})

export const deleteTaskQuery = z.object({
  force: z.enum(['true', 'false'], { error: 'force must be true or false' }).optional(),
})

export const errorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    param: z.string().optional(),
    type: z.string(),
  }),
})

export const modelsResponse = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      id: z.string(),
      object: z.literal('model'),
      engine: z.string(),
      aliases: z.array(z.string()),
      modes: z.array(
        z.enum(['text', 'first_frame', 'first_last_frame', 'reference', 'edit', 'extend']),
      ),
      resolutions: z.array(z.enum(RESOLUTIONS)),
      durations: z.object({ min: z.number(), max: z.number() }),
      generate_audio: z.boolean(),
    }),
  ),
})
