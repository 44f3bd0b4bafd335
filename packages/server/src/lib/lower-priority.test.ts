import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { getPriority } from 'node:os'
import { describe, expect, it } from 'vitest'
import { CHILD_NICENESS, lowerPriority } from './lower-priority.js'

describe('lowerPriority', () => {
  it('gives a running child the lower CPU priority', async () => {
    const child = spawn('sleep', ['5'])
    try {
      lowerPriority(child.pid)
      expect(getPriority(child.pid!)).toBe(CHILD_NICENESS)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('leaves alone a child that has already exited, or one that never started', async () => {
    const child = spawn('true')
    await once(child, 'exit')
    // Reaped: its pid names no process now (ESRCH).
    expect(() => lowerPriority(child.pid)).not.toThrow()
    expect(() => lowerPriority(undefined)).not.toThrow()
  })
})
