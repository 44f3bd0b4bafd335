import { createCanvas } from '@napi-rs/canvas'
import { openVideoFrames, putFrame } from '../packages/server/dist/engines/draft/modes/video-frames.js'
const W = 1280, H = 720
const now = () => performance.now()
for (const mode of ['read', 'put', 'put+data']) {
  const r = openVideoFrames('/tmp/k/v720.mp4', { width: W, height: H, fps: 24, maxFrames: 120, signal: new AbortController().signal })
  const c = createCanvas(W, H); const ctx = c.getContext('2d', { alpha: false })
  let put = 0, data = 0, wait = 0, n = 0
  const t0 = now()
  for (;;) {
    let t = now(); const f = await r.next(); wait += now() - t; if (!f) break; n++
    if (mode !== 'read') { t = now(); putFrame(ctx, f, W, H); put += now() - t }
    if (mode === 'put+data') { t = now(); c.data(); data += now() - t }
  }
  console.log(mode, 'total', (now() - t0).toFixed(0), 'wait/f', (wait / n).toFixed(1), 'put/f', (put / n).toFixed(1), 'data/f', (data / n).toFixed(1))
}
