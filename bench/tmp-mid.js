import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { FRAME_SOURCES } from '../packages/server/dist/engines/draft/modes/frame-sources.js'
import { parseScene } from '../packages/server/dist/engines/draft/scene.js'
import { planTimeline } from '../packages/server/dist/engines/draft/timeline.js'
const lib = await import('./tmp-modes-lib.js')
const dir = await mkdtemp(join(tmpdir(), 'mid-'))
const jobs = await lib.modeJobs(dir)
const job = jobs[Number(process.argv[2] ?? 1)]
const scene = parseScene(job.prompt, job.seed)
const src = await FRAME_SOURCES[job.mode]({ job, scene, timeline: planTimeline(scene, 5, job.seed), workdir: dir, signal: new AbortController().signal })
for (const i of (process.argv[3] ?? '60').split(',').map(Number)) {
  const d = (await src.render(i)).data()
  await sharp(Buffer.from(d), { raw: { width: 1280, height: 720, channels: 4 } }).png().toFile(`/tmp/ff/mid-${i}.png`)
}
