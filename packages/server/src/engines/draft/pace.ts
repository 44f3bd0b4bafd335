import { setImmediate as nextTurn } from 'node:timers/promises'

/** The longest the engine computes between two turns of the event loop, in milliseconds. */
const SLICE_MS = 20

/** Samples a loop works through between two calls of `pace` (well under a millisecond). */
export const PACE_CHUNK = 4096

let since = performance.now()

/**
 * Lets the event loop take a turn once the engine has computed for SLICE_MS since it last did
 * here, and otherwise resolves at once. In the embedded default the render shares its process with
 * the API, whose overload guard answers 503 while the loop is blocked, so every loop of the engine
 * that can run for more than a few milliseconds paces itself: the frames, and each stage of the
 * soundtrack. It changes when the work is done, never what or in which order: the output stays
 * bit-identical.
 */
export async function pace(): Promise<void> {
  if (performance.now() - since < SLICE_MS) return
  await nextTurn()
  since = performance.now()
}

/**
 * Runs `body(from, to)` over 0 … `count` in consecutive chunks of `size` (PACE_CHUNK samples by
 * default), pacing before each. The loop over samples belongs in `body`, a plain function, with
 * the state it carries from chunk to chunk copied into locals: V8 cannot switch to optimised code
 * in the middle of a long loop in an async function, and closure variables written in a hot loop
 * run at a fraction of the speed of locals.
 */
export async function inChunks(
  count: number,
  body: (from: number, to: number) => void,
  size = PACE_CHUNK,
): Promise<void> {
  for (let from = 0; from < count; from += size) {
    await pace()
    body(from, Math.min(count, from + size))
  }
}
