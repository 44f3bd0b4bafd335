import { setPriority } from 'node:os'

/**
 * The niceness of long CPU-bound children (the ffmpegs that encode a render and decode its input
 * videos). The API runs on the same machine, in the embedded default in the same process, and
 * must stay responsive while a render runs: at 10 the kernel gives the API's threads the CPU whenever they want it (about nine
 * to one against the child) while the child still takes every cycle the API leaves idle.
 */
export const CHILD_NICENESS = 10

/**
 * Lowers the CPU priority of a child just spawned. Call it right after `spawn`: threads the child
 * starts later inherit it (Linux sets it per thread). Where that is not allowed (EACCES, EPERM) or
 * the child is already gone (ESRCH), the child keeps running at normal priority.
 */
export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    setPriority(pid, CHILD_NICENESS)
  } catch (err) {
    // A SystemError: the errno's name is in `info`.
    const code = (err as { info?: { code?: string } }).info?.code
    if (!['EACCES', 'EPERM', 'ESRCH'].includes(code ?? '')) throw err
  }
}
