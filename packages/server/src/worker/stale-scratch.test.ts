import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TaskStatus } from '../store/store.js'
import { removeEarlierAttempts, removeStaleScratch } from './stale-scratch.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kinora-scratch-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

const A = 'cgt-20261125160057-aaaaa'
const B = 'cgt-20261125160057-bbbbb'
const C = 'cgt-20261125160057-ccccc'

async function folders(...names: string[]) {
  for (const name of names) await mkdir(join(root, name, 'inner'), { recursive: true })
}
const left = async () => (await readdir(root)).sort()

describe('scratch folders of dead workers', () => {
  it('removes every earlier attempt of a task claimed again, and nothing else', async () => {
    await folders(`${A}-x1Y2z3`, `${A}-Q9w8e7`, `${B}-x1Y2z3`, 'asset-20261125160057-aaaaa-x1Y2z3')
    await removeEarlierAttempts(root, A)
    expect(await left()).toEqual(['asset-20261125160057-aaaaa-x1Y2z3', `${B}-x1Y2z3`])
  })

  it('at start, removes folders of tasks that are not running, and keeps running ones', async () => {
    const status: Record<string, TaskStatus> = { [A]: 'running', [B]: 'succeeded' }
    const store = {
      getTask: async (id: string) => (status[id] ? ({ status: status[id] } as never) : null),
    }
    await folders(`${A}-x1Y2z3`, `${B}-x1Y2z3`, `${C}-x1Y2z3`, 'not-a-task')
    expect(await removeStaleScratch(root, store)).toBe(2)
    expect(await left()).toEqual([`${A}-x1Y2z3`, 'not-a-task'])
  })

  it('does nothing when the folder does not exist yet', async () => {
    await expect(
      removeStaleScratch(join(root, 'missing'), { getTask: async () => null }),
    ).resolves.toBe(0)
    await expect(removeEarlierAttempts(join(root, 'missing'), A)).resolves.toBeUndefined()
  })
})
