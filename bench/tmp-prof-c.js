import sharp from 'sharp'
import { createCanvas } from '@napi-rs/canvas'
import { applyLut, labStats, reinhardLut } from '../packages/server/dist/engines/draft/modes/colour-transfer.js'
import { textureOverlay } from '../packages/server/dist/engines/draft/modes/texture-overlay.js'
import { createMotionTracker } from '../packages/server/dist/engines/draft/modes/global-motion.js'
import { putFrame } from '../packages/server/dist/engines/draft/modes/video-frames.js'
const now = () => performance.now()
const W = 1280, H = 720
let t = now()
const lut = reinhardLut({ mean: [50, 0, 0], std: [20, 10, 10] }, { mean: [60, 20, 30], std: [15, 8, 9] }, 0.8)
console.log('lut build', (now() - t).toFixed(0))
t = now()
const tex = await textureOverlay(sharp('/tmp/k/a.png'), W, H)
console.log('texture build', (now() - t).toFixed(0))
const frame = Buffer.alloc(W * H * 4); for (let i = 0; i < frame.length; i++) frame[i] = (i * 31) & 255
const c = createCanvas(W, H); const ctx = c.getContext('2d', { alpha: false })
const tr = createMotionTracker(W, H)
const time = (name, fn) => { fn(); const t = now(); for (let i = 0; i < 20; i++) fn(); console.log(name, ((now() - t) / 20).toFixed(2)) }
time('applyLut', () => applyLut(lut, frame, W))
time('put', () => putFrame(ctx, frame, W, H))
time('put+data', () => { putFrame(ctx, frame, W, H); c.data() })
time('put+overlay+data', () => { putFrame(ctx, frame, W, H); ctx.globalCompositeOperation = 'overlay'; ctx.globalAlpha = 0.2; ctx.drawImage(tex, 0, 0); ctx.globalCompositeOperation = 'source-over'; ctx.globalAlpha = 1; c.data() })
time('track', () => tr.push(frame))
