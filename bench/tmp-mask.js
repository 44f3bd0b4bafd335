import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { loadCoverImage } from '../packages/server/dist/engines/draft/modes/load-image.js'
import { matchImages } from '../packages/server/dist/engines/draft/flow/match-images.js'
import { lumaPlane } from '../packages/server/dist/engines/draft/flow/plane.js'
import { projectFlow } from '../packages/server/dist/engines/draft/flow/project-flow.js'
import { projectionSource } from '../packages/server/dist/engines/draft/flow/projection-source.js'
const src = await import('./tmp-modes-lib.js')
const dir = await mkdtemp(join(tmpdir(), 'prof-'))
const [, job] = await src.modeJobs(dir)
const A = await loadCoverImage(job.inputs[0], 1280, 720), B = await loadCoverImage(job.inputs[1], 1280, 720)
const pl = async (c) => lumaPlane(await sharp(c.rgba, { raw: { width: 1280, height: 720, channels: 4 } }).resize(160, 90).raw().toBuffer(), 160, 90, 4)
const m = matchImages(await pl(A), await pl(B))
console.log('related', m.related, m.affine.map(v=>v.toFixed(2)).join(' '))
const sa = projectionSource(m, 'forward', 8), sb = projectionSource(m, 'backward', 8)
const frac = (p) => p.data.filter(v => v > 0.004).length / p.data.length
console.log('source masks', frac(sa.mask).toFixed(3), frac(sb.mask).toFixed(3))
for (const t of [0.1, 0.5, 0.9]) {
  const pa = projectFlow(sa, t), pb = projectFlow(sb, 1 - t)
  console.log(t, 'proj masks', frac(pa.mask).toFixed(3), frac(pb.mask).toFixed(3))
  let rows = ''
  for (let y = 0; y < 90; y += 4) { let r = ''; for (let x = 0; x < 160; x += 2) { const i = y * 160 + x; const a = pa.mask.data[i] > 0.004, b = pb.mask.data[i] > 0.004; r += a && b ? '#' : a ? 'a' : b ? 'b' : '.' } rows += r + '\n' }
  console.log(rows)
}
