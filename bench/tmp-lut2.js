import { openVideoFrames } from '../packages/server/dist/engines/draft/modes/video-frames.js'
const W = 1280, H = 720
const r = openVideoFrames('/tmp/k/v720.mp4', { width: W, height: H, fps: 24, maxFrames: 3, signal: new AbortController().signal })
const frame = Buffer.from(await r.next()); await r.close()
const D = [0, 2, 0, 2, 3, 1, 3, 1, 0, 2, 0, 2, 3, 1, 3, 1]
function make(levels) { const t = new Uint32Array(levels ** 3); for (let i = 0; i < t.length; i++) t[i] = (i * 2654435761) >>> 0; return t }
const t65 = make(65), t33 = make(33)
const work = Buffer.alloc(frame.length)
function apply65(rgba) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)
  for (let y = 0; y < H; y++) { const row = (y & 3) * 4
    for (let x = 0, i = y * W; x < W; x++, i++) { const t = D[row + (x & 3)]; const p = px[i]
      px[i] = t65[((((p >>> 16) & 255) + t) >> 2) * 4225 + ((((p >>> 8) & 255) + t) >> 2) * 65 + (((p & 255) + t) >> 2)] } }
}
function apply33(rgba) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)
  for (let y = 0; y < H; y++) { const row = (y & 3) * 4
    for (let x = 0, i = y * W; x < W; x++, i++) { const t = D[row + (x & 3)] * 2; const p = px[i]
      px[i] = t33[((((p >>> 16) & 255) + t) >> 3) * 1089 + ((((p >>> 8) & 255) + t) >> 3) * 33 + (((p & 255) + t) >> 3)] } }
}
function copyOnly(rgba) { const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2); for (let i = 0; i < px.length; i++) px[i] = px[i] ^ 1 }
for (const [n, fn] of [['copy', copyOnly], ['65', apply65], ['33', apply33], ['65', apply65], ['33', apply33]]) {
  let best = Infinity
  for (let k = 0; k < 15; k++) { work.set(frame); const t = performance.now(); fn(work); best = Math.min(best, performance.now() - t) }
  console.log(n, best.toFixed(2))
}
function noDither(rgba) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)
  for (let i = 0; i < px.length; i++) { const p = px[i]
    px[i] = t65[((p >>> 18) & 63) * 4225 + ((p >>> 10) & 63) * 65 + ((p >>> 2) & 63)] }
}
// dither by row only: same t across a row chunk of 4 pixels unrolled
function unrolled(rgba) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)
  for (let y = 0; y < H; y++) {
    const row = (y & 3) * 4
    const t0 = D[row] * 0x010101, t1 = D[row + 1] * 0x010101, t2 = D[row + 2] * 0x010101, t3 = D[row + 3] * 0x010101
    for (let i = y * W, end = i + W; i < end; i += 4) {
      let p = (px[i] & 0xfcfcfc) + t0 // no carry: 252 + 3 = 255
      px[i] = t65[(p >>> 18) * 4225 + ((p >>> 10) & 63) * 65 + ((p >>> 2) & 63)]
      p = (px[i + 1] & 0xfcfcfc) + t1
      px[i + 1] = t65[(p >>> 18) * 4225 + ((p >>> 10) & 63) * 65 + ((p >>> 2) & 63)]
      p = (px[i + 2] & 0xfcfcfc) + t2
      px[i + 2] = t65[(p >>> 18) * 4225 + ((p >>> 10) & 63) * 65 + ((p >>> 2) & 63)]
      p = (px[i + 3] & 0xfcfcfc) + t3
      px[i + 3] = t65[(p >>> 18) * 4225 + ((p >>> 10) & 63) * 65 + ((p >>> 2) & 63)]
    }
  }
}
for (const [n, fn] of [['nodither', noDither], ['unrolled', unrolled], ['65', apply65]]) {
  let best = Infinity
  for (let k = 0; k < 15; k++) { work.set(frame); const t = performance.now(); fn(work); best = Math.min(best, performance.now() - t) }
  console.log(n, best.toFixed(2))
}
function swar(rgba) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)
  for (let y = 0; y < H; y++) {
    const row = (y & 3) * 4
    const d = [D[row], D[row + 1], D[row + 2], D[row + 3]]
    const d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3]
    const e0 = d0 * 0x10001, e1 = d1 * 0x10001, e2 = d2 * 0x10001, e3 = d3 * 0x10001
    let i = y * W
    const end = i + W - 3
    for (; i < end; i += 4) {
      let p = px[i], rb = (p & 0xff00ff) + e0
      px[i] = t65[(rb >>> 18) * 4225 + ((((p >>> 8) & 255) + d0) >> 2) * 65 + ((rb & 0x1ff) >> 2)]
      p = px[i + 1]; rb = (p & 0xff00ff) + e1
      px[i + 1] = t65[(rb >>> 18) * 4225 + ((((p >>> 8) & 255) + d1) >> 2) * 65 + ((rb & 0x1ff) >> 2)]
      p = px[i + 2]; rb = (p & 0xff00ff) + e2
      px[i + 2] = t65[(rb >>> 18) * 4225 + ((((p >>> 8) & 255) + d2) >> 2) * 65 + ((rb & 0x1ff) >> 2)]
      p = px[i + 3]; rb = (p & 0xff00ff) + e3
      px[i + 3] = t65[(rb >>> 18) * 4225 + ((((p >>> 8) & 255) + d3) >> 2) * 65 + ((rb & 0x1ff) >> 2)]
    }
  }
}
for (const [n, fn] of [['swar', swar], ['65', apply65], ['swar', swar]]) {
  let best = Infinity
  for (let k = 0; k < 15; k++) { work.set(frame); const t = performance.now(); fn(work); best = Math.min(best, performance.now() - t) }
  console.log(n, best.toFixed(2))
}
// correctness
const a = Buffer.from(frame), b = Buffer.from(frame); apply65(a); swar(b); console.log('equal', a.equals(b))
