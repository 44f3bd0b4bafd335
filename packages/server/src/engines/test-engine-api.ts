import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Kinora } from '../main.js'
import { outputProblems } from '../worker/check-output.js'
import { jobOf } from '../worker/job.js'

const TASKS = '/api/v3/contents/generations/tasks'

/** A port free right now, so a test Kinora can know its public URL before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The engine-facing helpers of an end-to-end test through Kinora's task API. */
export function engineApi(kinora: () => Kinora) {
  const api = {
    /** Creates a task; resolves its id, failing the test on anything but 200. */
    async create(body: Record<string, unknown>): Promise<string> {
      const res = await kinora().app.inject({ method: 'POST', url: TASKS, payload: body })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { id: string }).id
    },
    /** The answer to a create that should be refused. */
    async refused(body: Record<string, unknown>) {
      const res = await kinora().app.inject({ method: 'POST', url: TASKS, payload: body })
      return {
        status: res.statusCode,
        error: (res.json() as { error: Record<string, string> }).error,
      }
    },
    async get(id: string): Promise<Record<string, any>> {
      return (await kinora().app.inject({ url: `${TASKS}/${id}` })).json()
    },
    /** Polls the task until its status is one of `statuses` (20 s at most). */
    async until(id: string, statuses: string[]): Promise<Record<string, any>> {
      for (let i = 0; i < 400; i++) {
        const task = await api.get(id)
        if (statuses.includes(task.status)) return task
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(`task ${id} never became ${statuses.join(' or ')}`)
    },
    async cancel(id: string): Promise<number> {
      const res = await kinora().app.inject({ method: 'DELETE', url: `${TASKS}/${id}?force=true` })
      return res.statusCode
    },
    /** Probes the stored video of a succeeded task against its task, as the worker did. */
    async expectContractVideo(id: string): Promise<void> {
      const task = await kinora().store.getTask(id)
      const dir = await mkdtemp(join(tmpdir(), 'kinora-output-'))
      try {
        const path = join(dir, 'video.mp4')
        await kinora().blobs.getFile(task!.outputs!.videoKey, path)
        expect(await outputProblems(path, jobOf(task!))).toEqual([])
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  }
  return api
}
