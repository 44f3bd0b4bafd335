import type { Task, TaskStatus } from '@kinora/client'
import cliProgress from 'cli-progress'

// A default import: Node's CommonJS interop does not see `Format` as a named export.
const { Format, Presets, SingleBar } = cliProgress

/** Whole seconds as `42s`, `3m05s` or `1h02m`. */
export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.ceil(total))
  const pad = (n: number) => String(n).padStart(2, '0')
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`
  return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`
}

/**
 * The ETA column of the progress bar. A queued task has no rate to go by, so it says so; a running
 * one is estimated from its progress rate since it started running (render time only, not time in
 * the queue, which is what cli-progress's own ETA would mix in).
 */
export function estimate(
  status: TaskStatus,
  progress: number,
  runningSinceMs: number | undefined,
  nowMs: number,
): string {
  if (status === 'queued') return 'ETA: waiting for a worker'
  if (status !== 'running') return status === 'succeeded' ? 'done' : status
  if (runningSinceMs === undefined || progress <= 0) return 'ETA: estimating…'
  const elapsed = (nowMs - runningSinceMs) / 1000
  return `ETA ${formatSeconds((elapsed * (100 - progress)) / progress)}`
}

/** What `kinora generate` shows while it waits: `update` with each task seen, `stop` at the end. */
export interface TaskProgress {
  update(task: Task): void
  stop(): void
}

const FORMAT = ' {status} |{bar}| {percentage}% | {estimate} | {duration_formatted} elapsed'

/**
 * Progress on stderr, never stdout: a cli-progress bar with status, percentage and ETA when stderr
 * is a terminal, one line per status change when it is not (logs, CI), nothing with `--json`.
 * The ETA is computed at each redraw (10 a second), so it counts down between polls.
 */
export function taskProgress(o: { json?: boolean; id: string }): TaskProgress {
  if (o.json) return { update: () => {}, stop: () => {} }
  if (!process.stderr.isTTY) {
    let last: TaskStatus | undefined
    return {
      update: (task) => {
        if (task.status !== last) console.error(`task ${o.id}: ${task.status}`)
        last = task.status
      },
      stop: () => {},
    }
  }
  let status: TaskStatus = 'queued'
  let runningSince: number | undefined
  const bar = new SingleBar(
    {
      format: (options, params, payload) =>
        Format.Formatter({ ...options, format: FORMAT }, params, {
          ...payload,
          status: status.padEnd(9),
          estimate: estimate(status, params.value, runningSince, Date.now()),
        }),
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  )
  console.error(`task ${o.id}`)
  bar.start(100, 0)
  return {
    update: (task) => {
      if (task.status === 'running' && runningSince === undefined) runningSince = Date.now()
      status = task.status
      bar.update(task.progress)
    },
    stop: () => bar.stop(),
  }
}
