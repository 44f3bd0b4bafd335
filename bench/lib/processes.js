// Helpers for benches that start `kinora` processes and wait on them.
import { createServer } from 'node:net'

/** A TCP port free on loopback right now. */
export const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })

/** Polls `check` every 100 ms until it returns something truthy, for at most `seconds`. */
export async function until(check, seconds) {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await check().catch(() => false)
    if (value) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}
