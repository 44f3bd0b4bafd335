import { describe, expect, it } from 'vitest'
import { AppError, internal, invalidParameter } from '../lib/app-error.js'
import { isDiskFull, scrubPaths, taskFault } from './task-fault.js'
import { isBusy, whileBusy } from './while-busy.js'

const ROOT = '/srv/kinora/work'
const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
  code: 'ENOSPC',
})

describe('taskFault', () => {
  it.each([
    ['a Node write error', enospc],
    ['a quota error', Object.assign(new Error('EDQUOT: disk quota exceeded'), { code: 'EDQUOT' })],
    [
      "ffmpeg's own words, inside an engine error",
      internal(
        `draft engine: ffmpeg exited with 1: ${ROOT}/cgt-1/video.mp4: No space left on device`,
        {
          retryable: true,
        },
      ),
    ],
    ['an error caused by one', new Error('copy failed', { cause: enospc })],
  ])('turns %s into one plain, retryable disk-full error', (_name, err) => {
    expect(isDiskFull(err)).toBe(true)
    const fault = taskFault(err, ROOT)
    expect(fault).toMatchObject({
      code: 'InternalServiceError',
      retryable: true,
      message:
        'The server ran out of disk space while rendering or storing the video; try again later',
    })
  })

  it('keeps server paths out of engine messages, down to the file name', () => {
    const err = internal(
      `The engine's output is not a readable mp4 (file:${ROOT}/cgt-1-Ab12/video.mp4: moov atom not found)`,
      { retryable: true },
    )
    const fault = taskFault(err, `${ROOT}/`)
    expect(fault.message).toBe(
      "The engine's output is not a readable mp4 (file:video.mp4: moov atom not found)",
    )
    expect(fault.retryable).toBe(true)
  })

  it('passes AppErrors without paths through unchanged, param and all', () => {
    const err = invalidParameter('content[1].image_url.url', 'content[1].image_url.url: too big')
    expect(taskFault(err, ROOT)).toBe(err)
  })

  it('hides the details of anything that is not an AppError behind a retryable engine fault', () => {
    const fault = taskFault(new TypeError(`cannot read ${ROOT}/x`), ROOT)
    expect(fault).toBeInstanceOf(AppError)
    expect(fault.message).toBe('The engine failed while rendering; the server log has the details')
    expect(fault.retryable).toBe(true)
  })

  it('leaves messages alone when the root is the file system root', () => {
    expect(scrubPaths('open /etc/x failed', '/')).toBe('open /etc/x failed')
  })
})

describe('whileBusy', () => {
  const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })

  it.each(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '55P03', '40P01', '40001'])(
    'counts %s as busy',
    (code) => expect(isBusy({ code })).toBe(true),
  )

  it.each(['SQLITE_FULL', 'SQLITE_CORRUPT', 'ECONNREFUSED', undefined])(
    'does not count %s',
    (code) => expect(isBusy({ code })).toBe(false),
  )

  it('tries a busy write again until it goes through', async () => {
    let calls = 0
    const result = await whileBusy(
      async () => {
        if (++calls < 3) throw busy()
        return 'written'
      },
      { delayMs: 1 },
    )
    expect([result, calls]).toEqual(['written', 3])
  })

  it('gives up after its tries, and at once on any other error', async () => {
    let calls = 0
    const always = () => {
      calls++
      return Promise.reject(busy())
    }
    await expect(whileBusy(always, { tries: 4, delayMs: 1 })).rejects.toThrow('database is locked')
    expect(calls).toBe(4)
    calls = 0
    await expect(
      whileBusy(
        () => {
          calls++
          return Promise.reject(new Error('disk I/O error'))
        },
        { delayMs: 1 },
      ),
    ).rejects.toThrow('disk I/O error')
    expect(calls).toBe(1)
  })
})
