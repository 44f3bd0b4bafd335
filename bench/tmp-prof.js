import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { FRAME_SOURCES } from '../packages/server/dist/engines/draft/modes/frame-sources.js'
import { parseScene } from '../packages/server/dist/engines/draft/scene.js'
import { planTimeline } from '../packages/server/dist/engines/draft/timeline.js'
import { inspectImage } from '../packages/server/dist/media/inspect-image.js'
const src = await import('./tmp-modes-lib.js')
const dir = await mkdtemp(join(tmpdir(), 'prof-'))
const [, job] = await src.modeJobs(dir)
const scene = parseScene(job.prompt, job.seed)
const timeline = planTimeline(scene, job.duration, job.seed)
const signal = new AbortController().signal
let t = performance.now()
const source = await FRAME_SOURCES[job.mode]({ job, scene, timeline, workdir: dir, signal })
console.log('setup', (performance.now() - t).toFixed(0))
t = performance.now()
for (let i = 0; i < 120; i++) (await source.render(i))
console.log('render only (lazy)', ((performance.now() - t) / 120).toFixed(1))
t = performance.now()
for (let i = 0; i < 120; i++) (await source.render(i)).data()
console.log('render+data', ((performance.now() - t) / 120).toFixed(1))
