/** Writes progress at most every `intervalMs`, as integers 1-99 that never go down. */
export function createProgressReporter(write: (value: number) => Promise<void>, intervalMs = 250) {
  let last = 0
  let lastWrite = 0
  let pending: Promise<void> = Promise.resolve()
  let latest = 0
  const push = () => {
    last = latest
    lastWrite = Date.now()
    pending = pending.then(() => write(latest)).catch(() => {})
  }
  return {
    report(fraction: number): void {
      latest = Math.max(latest, Math.min(99, Math.max(1, Math.floor(fraction * 99))))
      if (latest > last && Date.now() - lastWrite >= intervalMs) push()
    },
    async flush(): Promise<void> {
      if (latest > last) push()
      await pending
    },
  }
}
