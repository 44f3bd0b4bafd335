import { chmod, mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { engineApi } from '../engines/test-engine-api.js'
import { mediaBinaries, useMediaBinaries } from '../media/binaries.js'
import { openTestKinora } from '../test-kinora.js'
import { CLIP_TASK, fileEngine, filesUnder, makeContractClip, outputOf } from './test-fault-kit.js'
import { canMountTmpfs, mountTmpfs, type Tmpfs } from './test-tmpfs.js'

/**
 * Faults met while rendering and storing (issue 10): a full disk, a crashing ffmpeg, an output
 * that fails the probe. The task never succeeds, keeps no partial file, is retried when the fault
 * may pass, fails with InternalServiceError, and the server goes on serving.
 */
type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
const api = engineApi(() => kinora!)
let dir: string
/** An output that passes the probe for CLIP_TASK. */
let clip: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-faults-'))
  clip = await makeContractClip(join(dir, 'clip.mp4'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))
afterEach(async () => {
  await kinora?.dispose()
  kinora = undefined
})

/** The server still answers and accepts work after the fault. */
async function expectServing(k: Kinora) {
  expect((await k.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  const list = await k.app.inject({ url: '/api/v3/contents/generations/tasks' })
  expect(list.statusCode).toBe(200)
}

const mountable = await canMountTmpfs()

describe('worker faults', () => {
  it.skipIf(!mountable)(
    'disk full while storing the output: not succeeded, no partial file, retried, then failed; serving goes on',
    async () => {
      // A real 64 KiB filesystem under the blob store: the clip (hundreds of KB) cannot fit.
      const blobs = join(dir, 'full-blobs')
      const disk = (await mountTmpfs(blobs, 64 * 1024)) as Tmpfs
      try {
        expect((await stat(clip)).size).toBeGreaterThan(64 * 1024)
        const engine = fileEngine((_job, workdir) => outputOf(clip, workdir))
        kinora = await openTestKinora(
          { workers: 1, blobUrl: `file:${blobs}`, moderationImages: false },
          { engines: new Map([['draft', engine]]) },
        )
        const id = await api.create(CLIP_TASK)
        const task = await api.until(id, ['succeeded', 'failed'])
        expect(task.status).toBe('failed')
        expect(task.error).toEqual({
          code: 'InternalServiceError',
          message:
            'The server ran out of disk space while rendering or storing the video; try again later',
        })
        expect(task.content).toBeUndefined()
        expect(engine.calls).toBe(3)
        expect((await kinora.store.getTask(id))?.attempts).toBe(3)
        // Neither the half-copied temporary file nor the type sidecar is left behind.
        expect(await filesUnder(blobs)).toEqual([])
        await expect.poll(() => filesUnder(join(kinora!.dir, 'work'))).toEqual([])
        await expectServing(kinora)

        // Once the operator frees space, the same server renders again.
        await disk.resize(16 * 1024 * 1024)
        const next = await api.create(CLIP_TASK)
        expect((await api.until(next, ['succeeded', 'failed'])).status).toBe('succeeded')
        expect(await filesUnder(blobs)).toEqual([
          `tasks/${next}/video.mp4`,
          `tasks/${next}/video.mp4.meta.json`,
        ])
      } finally {
        await kinora?.dispose()
        kinora = undefined
        await disk.unmount()
      }
    },
  )

  it('ffmpeg crashing mid-encode: retried, then failed with InternalServiceError; serving goes on', async () => {
    const real = mediaBinaries().ffmpeg
    // The real ffmpeg encoding the frames, and the process the engine started dying with SIGSEGV
    // once ffmpeg has read 8 MiB of them (5 of the 96 frames): mid-encode on a machine of any
    // speed, where a timer would let a fast encode finish first. Other ffmpeg runs are left alone.
    const crashing = join(dir, 'crashing-ffmpeg.sh')
    await writeFile(
      crashing,
      [
        '#!/bin/sh',
        `case " $* " in *" pipe:0 "*) ;; *) exec '${real}' "$@" ;; esac`,
        // A background command's stdin would be /dev/null; fd 3 hands it the frames pipe.
        'exec 3<&0',
        `'${real}' "$@" <&3 &`,
        'pid=$!',
        `while kill -0 $pid 2>/dev/null && [ "$(awk '/^rchar/ { print $2 }' /proc/$pid/io 2>/dev/null)" -lt 8388608 ] 2>/dev/null; do sleep 0.02; done`,
        'kill -KILL $pid 2>/dev/null',
        'kill -SEGV $$',
        '',
      ].join('\n'),
    )
    await chmod(crashing, 0o755)
    try {
      kinora = await openTestKinora({ workers: 1, ffmpeg: crashing, moderationImages: false })
      const id = await api.create(CLIP_TASK)
      const task = await api.until(id, ['succeeded', 'failed'])
      expect(task.status).toBe('failed')
      expect(task.error.code).toBe('InternalServiceError')
      expect(task.error.message).toMatch(/ffmpeg exited with SIGSEGV/)
      expect(task.error.message).not.toContain(kinora.dir)
      expect((await kinora.store.getTask(id))?.attempts).toBe(3)
      expect(await filesUnder(join(kinora.dir, 'blobs'))).toEqual([])
      await expect.poll(() => filesUnder(join(kinora!.dir, 'work'))).toEqual([])
      await expectServing(kinora)
    } finally {
      useMediaBinaries({ ffmpeg: real })
    }
  })

  it('an output ffprobe cannot read is retried, then fails the task, and nothing is stored', async () => {
    const engine = fileEngine(async (_job, workdir) => {
      const path = await outputOf(clip, workdir)
      // Cut inside the index at the front of the file (a truncated tail would still probe).
      await truncate(path, 1000)
      return path
    })
    kinora = await openTestKinora(
      { workers: 1, moderationImages: false },
      { engines: new Map([['draft', engine]]) },
    )
    const id = await api.create(CLIP_TASK)
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status).toBe('failed')
    expect(task.error.code).toBe('InternalServiceError')
    expect(task.error.message).toMatch(/^The engine's output is not a readable mp4/)
    expect(task.error.message).not.toContain(kinora.dir)
    expect(engine.calls).toBe(3)
    expect(await filesUnder(join(kinora.dir, 'blobs'))).toEqual([])
  })

  it('an output that probes but breaks the request fails at once, and nothing is stored', async () => {
    // 2.5 s of video (60 frames) for a 4 s task (96 frames): a deterministic engine fault.
    const short = join(dir, 'short.mp4')
    await makeContractClip(short, 2.5)
    const engine = fileEngine((_job, workdir) => outputOf(short, workdir))
    kinora = await openTestKinora(
      { workers: 1, moderationImages: false },
      { engines: new Map([['draft', engine]]) },
    )
    const id = await api.create(CLIP_TASK)
    const task = await api.until(id, ['succeeded', 'failed'])
    expect(task.status).toBe('failed')
    expect(task.error).toEqual({
      code: 'InternalServiceError',
      message: "The engine's output does not match the request: frame count is 60, expected 96",
    })
    expect(engine.calls).toBe(1)
    expect(await filesUnder(join(kinora.dir, 'blobs'))).toEqual([])
    await expectServing(kinora)
  })
})
