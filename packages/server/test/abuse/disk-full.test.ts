import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { engineApi } from '../../src/engines/test-engine-api.js'
import { openTestKinora } from '../../src/test-kinora.js'
import { canMountTmpfs, mountTmpfs, type Tmpfs } from '../../src/worker/test-tmpfs.js'
import { holdings, TASKS, type TestKinora } from './test-abuse.js'
import { filesUnder } from '../../src/worker/test-fault-kit.js'

/**
 * A full disk under the render (issue 10): the draft engine's ffmpeg writes its mp4 into a work
 * folder on a real 64 KiB filesystem and meets ENOSPC. The task must not succeed, no partial file
 * may stay, the attempt is retried and then the task fails with a plain InternalServiceError,
 * and the server goes on answering.
 */
let kinora: TestKinora | undefined
let disk: Tmpfs | null = null
afterEach(async () => {
  // Closed, then unmounted, then removed: the data folder holds the mount point.
  await kinora?.close()
  await disk?.unmount()
  if (kinora) await rm(kinora.dir, { recursive: true, force: true })
  kinora = undefined
  disk = null
})

const mountable = await canMountTmpfs()

describe('disk full', () => {
  it.skipIf(!mountable)(
    'fails a render whose output does not fit, leaving nothing behind, and keeps serving',
    async () => {
      kinora = await openTestKinora({
        workers: 1,
        moderationImages: false,
        rateLimit: 0,
        maxEventLoopDelayMs: 0,
      })
      const k = kinora
      disk = await mountTmpfs(join(k.dir, 'work'), 64 * 1024)
      expect(disk).not.toBeNull()
      const api = engineApi(() => k)
      const id = await api.create({
        model: 'seedance-2.0',
        content: [{ type: 'text', text: 'a lighthouse in a storm' }],
        resolution: '480p',
        duration: 4,
        generate_audio: false,
      })
      const task = await api.until(id, ['succeeded', 'failed'])
      expect(task.status).toBe('failed')
      expect(task.error).toEqual({
        code: 'InternalServiceError',
        message:
          'The server ran out of disk space while rendering or storing the video; try again later',
      })
      expect(task.content).toBeUndefined()
      expect((await k.store.getTask(id))?.attempts).toBe(3)
      // The scratch folder goes right after the task settles.
      await expect.poll(() => filesUnder(join(k.dir, 'work'))).toEqual([])
      expect(await filesUnder(join(k.dir, 'blobs'))).toEqual([])

      // The server answers as before and still accepts work; the failed task is kept, not lost.
      expect((await k.app.inject({ url: '/healthz' })).statusCode).toBe(200)
      const next = await api.create({
        model: 'seedance-2.0',
        content: [{ type: 'text', text: 'a calm sea' }],
      })
      expect((await api.get(next)).id).toBe(next)
      const list = (await k.app.inject({ url: `${TASKS}?page_size=10` })).json()
      expect(list.total).toBe(2)
      const { tasks } = await holdings(k)
      expect(tasks.failed).toBe(1)
    },
  )
})
