import { applyLut, reinhardLut } from '../packages/server/dist/engines/draft/modes/colour-transfer.js'
import { openVideoFrames } from '../packages/server/dist/engines/draft/modes/video-frames.js'
const W = 1280, H = 720
const r = openVideoFrames('/tmp/k/v720.mp4', { width: W, height: H, fps: 24, maxFrames: 3, signal: new AbortController().signal })
const frame = Buffer.from(await r.next()); await r.close()
const lut = reinhardLut({ mean: [50, 0, 0], std: [20, 10, 10] }, { mean: [60, 20, 30], std: [15, 8, 9] }, 0.8)
const work = Buffer.alloc(frame.length)
let best = Infinity
for (let k = 0; k < 20; k++) { work.set(frame); const t = performance.now(); applyLut(lut, work, W); best = Math.min(best, performance.now() - t) }
console.log('applyLut', best.toFixed(2))
