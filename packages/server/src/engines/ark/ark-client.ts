import { z } from 'zod'
import { AppError, internal } from '../../lib/app-error.js'
import {
  retryableStatus,
  upstreamRequest,
  withRetries,
  type UpstreamAnswer,
} from '../upstream-request.js'

const SERVICE = 'the Seedance upstream'

/** The upstream's task object (spec §2.5, which mirrors it); only what Kinora reads. */
const upstreamTask = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired']),
  /** A Kinora upstream reports it; Seedance itself does not. */
  progress: z.number().optional().nullable(),
  content: z
    .object({ video_url: z.string(), last_frame_url: z.string().optional().nullable() })
    .optional()
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional().nullable(),
  usage: z
    .object({
      completion_tokens: z.number(),
      total_tokens: z.number(),
      tool_usage: z.record(z.string(), z.number()).optional().nullable(),
    })
    .optional()
    .nullable(),
})

export type UpstreamTask = z.infer<typeof upstreamTask>

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

/** Codes of failed upstream tasks that another try may cure. */
const TRANSIENT_CODES = /^(InternalServiceError|ServiceUnavailable|ServerOverloaded|.*Timeout.*)$/

/**
 * An upstream error as Kinora's: the upstream's own code kept (moderation codes such as
 * `InputTextSensitiveContentDetected` reach the client unchanged) and its message quoted.
 */
export function upstreamError(code: string, message: string, status = 500): AppError {
  const retryable = status === 500 ? TRANSIENT_CODES.test(code) : retryableStatus(status)
  return new AppError(status, code, `The Seedance upstream answered ${code}: ${message}`, {
    retryable,
  })
}

function refused(answer: UpstreamAnswer, what: string): AppError {
  const parsed = errorBody.safeParse(answer.json)
  if (answer.status === 401 || answer.status === 403) {
    const why = parsed.success ? parsed.data.error.message : `HTTP ${answer.status}`
    return internal(`The Seedance upstream refused Kinora's key (KINORA_ARK_API_KEY): ${why}`)
  }
  if (parsed.success) {
    const { code, message } = parsed.data.error
    return upstreamError(code, message, answer.status)
  }
  return internal(`The Seedance upstream answered HTTP ${answer.status} to ${what}`, {
    retryable: retryableStatus(answer.status),
  })
}

/** The create / get / delete calls of the upstream's task API, with retries on 429 and 5xx. */
export function createArkClient(opts: { baseUrl: string; apiKey?: string; retryBaseMs: number }) {
  const tasks = `${opts.baseUrl.replace(/\/+$/, '')}/contents/generations/tasks`
  const headers = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : undefined
  const call = (url: string, what: string, signal: AbortSignal, method = 'GET', body?: unknown) =>
    withRetries(
      async () => {
        const answer = await upstreamRequest(SERVICE, url, {
          method,
          signal,
          ...(headers ? { headers } : {}),
          ...(body === undefined ? {} : { body }),
        })
        if (answer.status < 200 || answer.status > 299) throw refused(answer, what)
        return answer.json
      },
      { tries: 4, baseMs: opts.retryBaseMs, signal },
    )

  return {
    /** Creates a task upstream; resolves its id. */
    async create(body: Record<string, unknown>, signal: AbortSignal): Promise<string> {
      const json = await call(tasks, 'a create request', signal, 'POST', body)
      const parsed = z.object({ id: z.string().min(1) }).safeParse(json)
      if (!parsed.success) throw internal('The Seedance upstream created a task but sent no id')
      return parsed.data.id
    },
    async get(id: string, signal: AbortSignal): Promise<UpstreamTask> {
      const json = await call(`${tasks}/${encodeURIComponent(id)}`, 'a task query', signal)
      const parsed = upstreamTask.safeParse(json)
      if (!parsed.success) {
        throw internal(`The Seedance upstream sent a task object Kinora cannot read (${id})`, {
          retryable: true,
        })
      }
      return parsed.data
    },
    /**
     * Cancels a queued upstream task (a running one cannot be: the upstream answers 409 and
     * finishes it). Best effort with its own deadline, since the task's signal is already aborted.
     */
    async cancel(id: string): Promise<void> {
      const signal = AbortSignal.timeout(15_000)
      await call(`${tasks}/${encodeURIComponent(id)}`, 'a cancel', signal, 'DELETE').catch(
        () => undefined,
      )
    },
  }
}
