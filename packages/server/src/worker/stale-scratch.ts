import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Store } from '../store/store.js'

/** A task's scratch folder: `mkdtemp` of `<task id>-` (six random characters follow). */
const SCRATCH = /^(cgt-\d{14}-[a-z0-9]{5})-[A-Za-z0-9]{6}$/

const folders = (root: string) =>
  readdir(root, { withFileTypes: true }).then(
    (entries) => entries.filter((e) => e.isDirectory()).map((e) => e.name),
    () => [] as string[],
  )

/**
 * Removes the scratch folders earlier attempts at `taskId` left under `root`. A worker killed
 * with SIGKILL cleans nothing up; once the task is claimed again no other attempt can be alive
 * (the claim holds the lease), so whatever this machine still has of it is garbage.
 */
export async function removeEarlierAttempts(root: string, taskId: string): Promise<void> {
  for (const name of await folders(root)) {
    if (SCRATCH.exec(name)?.[1] === taskId)
      await rm(join(root, name), { recursive: true, force: true })
  }
}

/**
 * Removes scratch folders of tasks that are not running (settled, requeued, or gone): what dead
 * workers on this machine left of tasks that were finished elsewhere or failed by the sweeper.
 * A running task's folder may belong to a live worker sharing the folder, so it stays. Returns
 * how many folders went.
 */
export async function removeStaleScratch(
  root: string,
  store: Pick<Store, 'getTask'>,
): Promise<number> {
  let removed = 0
  for (const name of await folders(root)) {
    const id = SCRATCH.exec(name)?.[1]
    if (id === undefined) continue
    if ((await store.getTask(id))?.status === 'running') continue
    await rm(join(root, name), { recursive: true, force: true })
    removed++
  }
  return removed
}
