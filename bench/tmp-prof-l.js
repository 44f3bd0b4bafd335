import { applyLut, reinhardLut } from '../packages/server/dist/engines/draft/modes/colour-transfer.js'
import { openVideoFrames } from '../packages/server/dist/engines/draft/modes/video-frames.js'
const W = 1280, H = 720
const r = openVideoFrames(process.argv[2] ?? '/tmp/k/v720.mp4', { width: W, height: H, fps: 24, maxFrames: 30, signal: new AbortController().signal })
const frames = []; for (;;) { const f = await r.next(); if (!f) break; frames.push(f) }
const lut = reinhardLut({ mean: [50, 0, 0], std: [20, 10, 10] }, { mean: [60, 20, 30], std: [15, 8, 9] }, 0.8)
const copies = frames.map((f) => Buffer.from(f))
let t = performance.now()
for (let k = 0; k < 3; k++) for (const f of frames) { copies[0].set(f); applyLut(lut, copies[0], W) }
console.log('applyLut real', ((performance.now() - t) / (3 * frames.length)).toFixed(2))
t = performance.now()
for (let k = 0; k < 3; k++) for (const f of frames) { copies[0].set(f) }
console.log('copy only', ((performance.now() - t) / (3 * frames.length)).toFixed(2))
