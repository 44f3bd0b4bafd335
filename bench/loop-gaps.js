// Loaded into the servers of bench/api-load.js with `node --import`: appends every stretch of
// over 50 ms during which this process's event loop did not turn (a timer due every 10 ms fired
// that much late) to BENCH_LOOP_LOG as `<epoch ms at its end> <ms>` lines, so that the bench can
// report the longest block inside a phase. Costs one timer callback every 10 ms.
import { appendFileSync } from 'node:fs'

const file = process.env.BENCH_LOOP_LOG
if (file) {
  let last = performance.now()
  setInterval(() => {
    const now = performance.now()
    const late = now - last - 10
    if (late > 50) appendFileSync(file, `${Date.now()} ${Math.round(late)}\n`)
    last = now
  }, 10).unref()
}
