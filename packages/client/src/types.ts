/**
 * The wire contract of the task API (spec §2), hand-written in the server's snake_case.
 * `packages/server/src/tasks/wire-types.test.ts` keeps every type here equal to the server's zod
 * schemas, so a change on one side fails the type check until the other follows.
 */

/** Where a task is in its life (spec §2.5). `succeeded`, `failed`, `cancelled`, `expired` are final. */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired'

/** Output resolution (spec §2.6). */
export type Resolution = '480p' | '720p' | '1080p'

/** Output aspect ratio; `adaptive` lets the server pick from the prompt or the media (spec §2.6). */
export type Ratio = '16:9' | '4:3' | '1:1' | '3:4' | '9:16' | '21:9' | 'adaptive'

/** The prompt: at most one per request, at most 10 000 characters (spec §2.1). */
export interface TextContentItem {
  type: 'text'
  text: string
}

/** An image by http(s) URL, `data:image/…;base64,…` or `asset://<id>` (spec §2.1). */
export interface ImageContentItem {
  type: 'image_url'
  image_url: { url: string }
  /** A lone image without a role is a first frame; two or more images must all carry roles. */
  role?: 'first_frame' | 'last_frame' | 'reference_image'
}

/** A reference video by http(s) URL or `asset://<id>` (spec §2.1). */
export interface VideoContentItem {
  type: 'video_url'
  video_url: { url: string }
  role?: 'reference_video'
}

/** A reference audio clip by http(s) URL, `data:audio/<wav|mp3>;base64,…` or `asset://<id>`. */
export interface AudioContentItem {
  type: 'audio_url'
  audio_url: { url: string }
  role?: 'reference_audio'
}

/** One item of a create request's `content`, sent in the order text, images, videos, audio. */
export type ContentItem = TextContentItem | ImageContentItem | VideoContentItem | AudioContentItem

/**
 * The body of `POST /api/v3/contents/generations/tasks` (spec §2.1). The fields the server only
 * accepts in order to refuse them (`frames`, `camera_fixed`, `draft`, `service_tier`) are left out.
 */
export interface CreateTaskParams {
  /** `seedance-2.0`, an upstream id, or any id from `client.models.list()`. */
  model: string
  content: ContentItem[]
  /** Default `720p`. */
  resolution?: Resolution
  /** Default `adaptive`. */
  ratio?: Ratio
  /** Seconds 4-15, or -1 to let the engine pick; default 5. */
  duration?: number
  /** Default true. */
  generate_audio?: boolean
  /** Default false; true marks the video "AI generated". */
  watermark?: boolean
  /** Default false; true also returns the last frame as a PNG. */
  return_last_frame?: boolean
  /** -1..4294967295; default -1 (random). The seed used is echoed on the task. */
  seed?: number
  /** Only `[{ type: 'web_search' }]`, and only in text-to-video. */
  tools?: { type: 'web_search' }[]
  /** An http(s) URL that receives the task object on every status change. */
  callback_url?: string
  /** Seconds 3600-259200, default 172800; a task unfinished by then becomes `expired`. */
  execution_expires_after?: number
  /** 0-9, default 0; higher runs first. */
  priority?: number
  /** At most 64 characters, echoed on the task. */
  safety_identifier?: string
  /** Default `auto`; only with reference content (spec §2.3). */
  omni_reference_task_type?: 'auto' | 'reference' | 'edit' | 'extend'
}

/** The answer to a create request. */
export interface CreateTaskResponse {
  id: string
}

/** A task as `GET /api/v3/contents/generations/tasks/{id}` returns it (spec §2.5). */
export interface Task {
  id: string
  model: string
  status: TaskStatus
  /** 0-100, never decreasing while running; 100 on success. */
  progress: number
  /** Present only on success; signed URLs valid for 12 hours from this read. */
  content?: { video_url: string; last_frame_url?: string }
  /** Set when the task failed, was cancelled or expired. */
  error: { code: string; message: string } | null
  usage?: {
    completion_tokens: number
    total_tokens: number
    /** Tool calls actually run, such as `{ web_search: 1 }`. */
    tool_usage?: Record<string, number>
  }
  /** Unix seconds. */
  created_at: number
  /** Unix seconds. */
  updated_at: number
  seed: number
  resolution: Resolution
  /** The ratio used; `adaptive` only until the task runs. */
  ratio: Ratio
  /** The output's whole seconds. */
  duration: number
  framespersecond: number
  generate_audio: boolean
  watermark: boolean
  return_last_frame: boolean
  tools?: { type: 'web_search' }[]
  /** (ext) What the tools did: the web searches run and the sources used (spec §2.7). */
  tool_outputs?: ToolOutput[]
  omni_reference_task_type: 'reference' | 'edit' | 'extend' | null
  execution_expires_after: number
  priority: number
  safety_identifier?: string
}

/** (ext) One tool's record on a task: the queries a web search sent and the results it used. */
export interface ToolOutput {
  type: 'web_search'
  queries: string[]
  sources: { title: string; url: string }[]
}

/** One page of `GET /api/v3/contents/generations/tasks`, newest first. */
export interface TaskList {
  /** Tasks matching the filters across all pages. */
  total: number
  items: Task[]
}

/**
 * Paging and filters of the task list (spec §2). Sent as `page_num`, `page_size`, `filter.status`,
 * one `filter.task_ids` per id, and `filter.model`.
 */
export interface ListTasksParams {
  /** 1-500, default 1. */
  page_num?: number
  /** 1-500, default 10. */
  page_size?: number
  status?: TaskStatus
  task_ids?: string[]
  model?: string
}

/** What a request asks for, decided from its content (spec §2.2, §2.3). */
export type Mode = 'text' | 'first_frame' | 'first_last_frame' | 'reference' | 'edit' | 'extend'

/**
 * A model the server routes, the engine that renders it, and what it serves
 * (`GET /api/v3/models`, ext). A request outside these is refused with 400.
 */
export interface Model {
  id: string
  object: 'model'
  engine: string
  /** Other ids that name the same route. */
  aliases: string[]
  modes: Mode[]
  resolutions: Resolution[]
  /** Whole seconds, inclusive. */
  durations: { min: number; max: number }
  /** Whether it makes sound; without it send `generate_audio: false`. */
  generate_audio: boolean
}

/** The answer of `GET /api/v3/models`. */
export interface ModelList {
  object: 'list'
  data: Model[]
}

/** The envelope of every synchronous error (spec §1). */
export interface ErrorBody {
  error: {
    /** Machine-readable, such as `InvalidParameter` or `TaskNotCancellable`. */
    code: string
    message: string
    /** The offending field, such as `content[1].image_url.url`. */
    param?: string
    /** Follows the HTTP status, such as `BadRequest`. */
    type: string
  }
}
