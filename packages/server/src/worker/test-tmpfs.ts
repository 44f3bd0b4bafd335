import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Tmpfs {
  dir: string
  /** Grows or shrinks the filesystem in place (what is stored stays). */
  resize(bytes: number): Promise<void>
  unmount(): Promise<void>
}

/**
 * A real, small filesystem for disk-full tests: a tmpfs of `bytes` mounted on `dir` (created if
 * needed), whose writes fail with ENOSPC from the kernel once it is full, as a full disk's do.
 * Mounting needs root or CAP_SYS_ADMIN (CI runs as root); where it is refused this resolves null,
 * so the caller can skip and say why rather than fake the fault.
 */
export async function mountTmpfs(dir: string, bytes: number): Promise<Tmpfs | null> {
  await mkdir(dir, { recursive: true })
  const size = (n: number) => `size=${Math.max(4096, Math.ceil(n / 4096) * 4096)}`
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `${size(bytes)},mode=0755`, 'kinora-test', dir])
  } catch {
    return null
  }
  return {
    dir,
    async resize(n) {
      await run('mount', ['-o', `remount,${size(n)}`, dir])
    },
    async unmount() {
      await run('umount', ['-l', dir]).catch(() => undefined)
    },
  }
}

/** Whether this process may mount a tmpfs (probed once with a throw-away mount). */
export async function canMountTmpfs(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-tmpfs-probe-'))
  try {
    const fs = await mountTmpfs(dir, 4096)
    await fs?.unmount()
    return fs !== null
  } finally {
    await rmdir(dir).catch(() => rm(dir, { recursive: true, force: true }))
  }
}
