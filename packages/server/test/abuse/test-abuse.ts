import { join } from 'node:path'
import { expect } from 'vitest'
import type { openTestKinora } from '../../src/test-kinora.js'
import { filesUnder } from '../../src/worker/test-fault-kit.js'

export type TestKinora = Awaited<ReturnType<typeof openTestKinora>>

export const TASKS = '/api/v3/contents/generations/tasks'

/** Spec §1: the envelope's `type` follows the status. */
const TYPES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
}

/** What an answer carries, for `expectError`: an inject response or a parsed fetch answer. */
export interface Answer {
  statusCode: number
  body: string
}

/**
 * Asserts the spec §1 error envelope: the status, `error.code`, the `type` of that status,
 * `param` when given, and a message that says something without a stack trace or server path.
 */
export function expectError(res: Answer, status: number, code: string, param?: string) {
  expect(res.statusCode, res.body).toBe(status)
  const { error } = JSON.parse(res.body) as {
    error: { code: string; message: string; type: string; param?: string }
  }
  expect(error.code).toBe(code)
  if (TYPES[status]) expect(error.type).toBe(TYPES[status])
  if (param !== undefined) expect(error.param).toBe(param)
  expect(error.message.length).toBeGreaterThan(10)
  expect(error.message).not.toMatch(/\/tmp\/|\/work\/|node_modules|\bat .+:\d+:\d+/)
  return error
}

/** What a Kinora holds: tasks by status, queue depth and stored files. */
export async function holdings(k: TestKinora) {
  return {
    tasks: await k.store.countTasksByStatus(),
    queued: await k.queue.depth(),
    files: await filesUnder(join(k.dir, 'blobs')),
  }
}

/** Runs `act` and asserts that it stored nothing and lost nothing. */
export async function expectNothingChanged<T>(k: TestKinora, act: () => Promise<T>): Promise<T> {
  const before = await holdings(k)
  const result = await act()
  expect(await holdings(k)).toEqual(before)
  return result
}
