import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built CLI (`npm test` builds before it runs the tests). */
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/kinora.js')

/** Settings for processes under test: short leases so recovery takes seconds, quiet logs. */
const TEST_ENV = {
  KINORA_SECRET: 'test-secret',
  KINORA_LEASE_SECONDS: '3',
  KINORA_HEARTBEAT_MS: '300',
  KINORA_ENCODER_PRESET: 'ultrafast',
  KINORA_LOG_LEVEL: 'warn',
}

/** Polls `check` every 100 ms until it returns something other than undefined or false. */
export async function until<T>(
  what: string,
  seconds: number,
  check: () => Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * Real `kinora` processes for crash and restart tests, as an operator runs them. Every process
 * started is tracked; `killAll()` (in `afterEach`/`afterAll`) SIGKILLs those still alive.
 */
export function kinoraProcesses(env: Record<string, string> = {}) {
  const children: ChildProcess[] = []
  const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

  const processes = {
    /** `kinora <args>`; stderr is passed through so a crash explains itself. */
    start(args: string[], more: Record<string, string> = {}): ChildProcess {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...TEST_ENV, ...env, ...more },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      children.push(child)
      return child
    },

    /** `kinora serve` on `port` (extra flags in `args`), once it answers /healthz. */
    async serve(
      dataDir: string,
      port: number,
      args: string[] = [],
      more: Record<string, string> = {},
    ): Promise<ChildProcess> {
      const child = processes.start(
        ['serve', '--port', String(port), '--data-dir', dataDir, ...args],
        more,
      )
      const answer = await until('kinora serve to answer', 30, async () =>
        alive(child) ? (await fetch(`http://127.0.0.1:${port}/healthz`)).ok : 'exited',
      )
      if (answer === 'exited') throw new Error(`kinora serve exited with ${child.exitCode}`)
      return child
    },

    /** Sends `signal` (SIGKILL by default) and resolves once the process is gone. */
    async kill(
      child: ChildProcess,
      signal: NodeJS.Signals = 'SIGKILL',
    ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
      if (alive(child)) {
        const exited = once(child, 'exit')
        child.kill(signal)
        await exited
      }
      return { code: child.exitCode, signal: child.signalCode }
    },

    async killAll(): Promise<void> {
      for (const child of children.splice(0)) await processes.kill(child)
    },
  }
  return processes
}
