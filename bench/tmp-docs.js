import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { createDraftEngine } from '../packages/server/dist/engines/draft/draft-engine.js'
import { mediaBinaries } from '../packages/server/dist/media/binaries.js'
import { runProcess } from '../packages/server/dist/media/run-process.js'
const lib = await import('./tmp-modes-lib.js')
const dir = await mkdtemp(join(tmpdir(), 'docs-'))
const jobs = await lib.modeJobs(dir)
const names = { first_frame: 'first-frame-strip.jpg', first_last_frame: 'first-last-strip.jpg' }
for (const job of jobs.filter((j) => j.mode !== 'text')) {
  job.seed = 1
  const workdir = await mkdtemp(join(dir, 'w-'))
  await createDraftEngine({ preset: 'veryfast' }).generate(job, { signal: new AbortController().signal, workdir, onProgress: () => {} })
  const video = join(workdir, 'video.mp4')
  const stills = []
  for (const i of [0, 40, 80, 119]) {
    const out = join(workdir, `f${i}.png`)
    await runProcess(mediaBinaries().ffmpeg, ['-v', 'error', '-i', video, '-vf', `select=eq(n\\,${i})`, '-frames:v', '1', out])
    stills.push(await sharp(out).resize(160, 90).toBuffer())
  }
  await sharp({ create: { width: 640, height: 90, channels: 3, background: '#000' } })
    .composite(stills.map((s, k) => ({ input: s, left: 160 * k, top: 0 })))
    .jpeg({ quality: 85 })
    .toFile(join('docs/images', names[job.mode]))
  console.log(job.mode, job.prompt, 'done')
}
