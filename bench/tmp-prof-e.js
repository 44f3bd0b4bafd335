import { FRAME_SOURCES } from '../packages/server/dist/engines/draft/modes/frame-sources.js'
import { parseScene } from '../packages/server/dist/engines/draft/scene.js'
import { planTimeline } from '../packages/server/dist/engines/draft/timeline.js'
import { inspectVideo } from '../packages/server/dist/media/inspect-video.js'
import { inspectImage } from '../packages/server/dist/media/inspect-image.js'
const now = () => performance.now()
const v = { kind: 'video', role: 'reference_video', path: '/tmp/k/v720.mp4', info: await inspectVideo('/tmp/k/v720.mp4', 'v') }
const job = { taskId: 'b', resolution: '720p', ratio: '16:9', width: 1280, height: 720, duration: 5, fps: 24, seed: 1, generateAudio: false, mode: process.argv[2] ?? 'extend', inputs: process.argv[2] === 'edit' ? [{ kind: 'image', role: 'reference_image', path: '/tmp/k/a.png', info: await inspectImage('/tmp/k/a.png', 'a') }, v] : [v], prompt: process.argv[3] ?? '' }
const scene = parseScene('', 1)
for (let k = 0; k < 2; k++) {
const t0 = now()
const src = await FRAME_SOURCES[job.mode]({ job, scene, timeline: planTimeline(scene, 5, 1), workdir: '/tmp/k', signal: new AbortController().signal })
const t1 = now()
let r = 0, d = 0
for (let i = 0; i < 120; i++) { let t = now(); const c = await src.render(i); r += now() - t; t = now(); c.data(); d += now() - t }
await src.close()
console.log(job.mode, 'create', (t1 - t0).toFixed(0), 'render/f', (r / 120).toFixed(1), 'data/f', (d / 120).toFixed(1), 'total', (now() - t0).toFixed(0))
}
