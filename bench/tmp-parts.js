import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { createCanvas } from '@napi-rs/canvas'
import { loadCoverImage, canvasOf } from '../packages/server/dist/engines/draft/modes/load-image.js'
import { matchImages } from '../packages/server/dist/engines/draft/flow/match-images.js'
import { lumaPlane } from '../packages/server/dist/engines/draft/flow/plane.js'
import { projectFlow } from '../packages/server/dist/engines/draft/flow/project-flow.js'
import { projectionSource } from '../packages/server/dist/engines/draft/flow/projection-source.js'
import { warpBlend } from '../packages/server/dist/engines/draft/flow/warp-blend.js'
const lib = await import('./tmp-modes-lib.js')
const dir = await mkdtemp(join(tmpdir(), 'parts-'))
const [, job] = await lib.modeJobs(dir)
const A = await loadCoverImage(job.inputs[0], 1280, 720), B = await loadCoverImage(job.inputs[1], 1280, 720)
const pl = async (c) => lumaPlane(await sharp(c.rgba, { raw: { width: 1280, height: 720, channels: 4 } }).resize(160, 90).raw().toBuffer(), 160, 90, 4)
const m = matchImages(await pl(A), await pl(B))
const sa = projectionSource(m, 'forward', 8), sb = { ...projectionSource(m, 'backward', 8), padded: true }
const small = async (c) => sharp(c.rgba, { raw: { width: 1280, height: 720, channels: 4 } }).resize(640, 360, { fit: 'fill' }).raw().toBuffer()
const images = { width: 640, height: 360, a: await small(A), b: await small(B) }
const out = new Uint8ClampedArray(640 * 360 * 4)
const cv = createCanvas(1280, 720), ctx = cv.getContext('2d', { alpha: false })
const PB = canvasOf(await sharp(B.rgba, { raw: { width: 1280, height: 720, channels: 4 } }).extend({ top: 80, bottom: 80, left: 80, right: 80, extendWith: 'copy' }).raw().toBuffer(), 1440, 880)
const T = (name, f) => { let best = 1e9; for (let r = 0; r < 3; r++) { const t0 = performance.now(); for (let i = 1; i < 40; i++) f(i / 40); best = Math.min(best, (performance.now() - t0) / 39) } console.log(name.padEnd(28), best.toFixed(2)) }
T('data only', () => cv.data())
T('camera 2 draws + data', (t) => { ctx.globalCompositeOperation = 'copy'; ctx.setTransform(1, 0, 0, 1, -80 + 60 * (1 - t), -80 + 20 * (1 - t)); ctx.drawImage(PB, 0, 0); ctx.globalCompositeOperation = 'source-over'; ctx.globalAlpha = 1 - t; ctx.setTransform(1, 0, 0, 1, -60 * t, -20 * t); ctx.drawImage(A.canvas, 0, 0); ctx.globalAlpha = 1; cv.data() })
T('project x2', (t) => { projectFlow(sa, t); projectFlow(sb, 1 - t) })
const pa = projectFlow(sa, 0.5), pb = projectFlow(sb, 0.5)
T('warpBlend', (t) => warpBlend(images, pa, pb, t, 1, out))
const rects = warpBlend(images, pa, pb, 0.5, 1, out)
console.log('rects', rects.length, rects.reduce((s, r) => s + r.width * r.height, 0) / (640 * 360))
const layer = createCanvas(640, 360), lctx = layer.getContext('2d'), px = lctx.createImageData(640, 360)
T('put+draw rects + data', () => { lctx.clearRect(0, 0, 640, 360); for (const { x, y, width, height } of rects) { lctx.putImageData(px, 0, 0, x, y, width, height); ctx.drawImage(layer, x, y, width, height, x * 2, y * 2, width * 2, height * 2) } cv.data() })
for (const [name, p] of [['A', pa], ['B', pb]]) {
  let rows = ''
  for (let y = 0; y < 90; y += 3) { let r = ''; for (let x = 0; x < 160; x += 2) { const i = y * 160 + x; r += p.mask.data[i] > 0.004 ? (p.cover.data[i] < 0.5 ? 'h' : 'm') : '.' } rows += r + '\n' }
  console.log(name + '\n' + rows)
}
