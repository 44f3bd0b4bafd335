// Draft engine benchmark (run with `npm run bench`, which builds first).
//
// For 5 s clips at 480p, 720p and 1080p (16:9) it measures:
//   engine  – the whole draft engine as in production: scene, bake, audio, render and x264
//             `veryfast` encode in one ffmpeg, audio on;
//   ffmpeg  – ffmpeg alone encoding the very same frames and soundtrack from memory with the same
//             arguments (frames rendered beforehand, so this is the encoder's floor);
//   ratio   – engine / ffmpeg. Rendering overlaps encoding, so near 1 means ffmpeg is the
//             bottleneck. Goal: ratio <= 1.5 and 720p under real time (5 s) on 2 cores.
//   audio   – the soundtrack alone (effects, MIDI music through the SoundFont, mix, mastering),
//             per second of output and against the video's render + encode time (goal < 10 %).
// Then the soundtrack alone for a prompt with a spoken line (eSpeak NG in a child process, wall
// time), and the one-off cost of loading the General MIDI SoundFont, paid once per process.
//
// Then each input mode at 720p 5 s (audio off, so the figures are the mode's own pictures), after
// text-to-video as a baseline measured in the same conditions: the engine against ffmpeg alone
// encoding the same frames, pulled from the mode's frame source into memory beforehand. Inputs
// are made by bench/lib/mode-jobs.js. Goal: ratio <= 2.
//
// Knobs: BENCH_RUNS (default 3): each figure is the best of that many runs; BENCH_PROMPT changes
// the text prompt; BENCH_MODES (a comma list such as `first_last_frame,edit`) runs only the input
// modes table, for those modes and the text baseline.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { soundBank } from '../packages/server/dist/engines/draft/audio/soundfont.js'
import { renderSoundtrack } from '../packages/server/dist/engines/draft/audio/soundtrack.js'
import { parseScene } from '../packages/server/dist/engines/draft/scene.js'
import { planTimeline } from '../packages/server/dist/engines/draft/timeline.js'
import { frameSize } from '../packages/server/dist/tasks/sizes.js'
import { modeJobs } from './lib/mode-jobs.js'
import { printModes, printSizes } from './lib/report.js'
import { bestOf, ffmpegAloneTime, modeAloneTime, now, soundtrackRequest } from './lib/timing.js'

const PROMPT =
  process.env.BENCH_PROMPT ?? 'a lighthouse on a cliff at sunset, waves crashing, seagulls circling'
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const MODES = process.env.BENCH_MODES?.split(',').map((m) => m.trim())
const DIALOGUE_PROMPT =
  'a woman on a beach at sunset says "I have waited all summer for this." An old man answers "So have I."'
const DURATION = 5
const FPS = 24
const SEED = 7

/** Text-to-video at each size with audio, and the soundtrack's own costs. */
async function sizes(dir) {
  const soundFontStarted = now()
  soundBank()
  const soundFontMs = now() - soundFontStarted
  // The first soundtrack of a process decodes the SoundFont samples its instruments use and
  // compiles the synthesis code; a server pays that once, so the rows measure the steady state.
  const firstScene = parseScene(PROMPT, SEED)
  const firstStarted = now()
  const firstTimeline = planTimeline(firstScene, DURATION, SEED)
  await renderSoundtrack(
    soundtrackRequest({ prompt: PROMPT, seed: SEED }, firstScene, firstTimeline),
  )
  const firstMs = now() - firstStarted
  const rows = []
  for (const resolution of ['480p', '720p', '1080p']) {
    const { width, height } = frameSize(resolution, '16:9')
    const job = {
      taskId: 'bench',
      mode: 'text',
      inputs: [],
      prompt: PROMPT,
      resolution,
      ratio: '16:9',
      width,
      height,
      duration: DURATION,
      fps: FPS,
      seed: SEED,
      generateAudio: true,
      watermark: false,
      returnLastFrame: false,
    }
    const best = await bestOf(RUNS, job, dir, ffmpegAloneTime)
    rows.push({ resolution, size: `${width}x${height}`, ...best })
  }
  const dialogue = { prompt: DIALOGUE_PROMPT, duration: DURATION, seed: SEED, ms: Infinity }
  const dialogueScene = parseScene(DIALOGUE_PROMPT, SEED)
  const dialogueTimeline = planTimeline(dialogueScene, DURATION, SEED)
  for (let r = 0; r < RUNS; r++) {
    const started = now()
    await renderSoundtrack(soundtrackRequest(dialogue, dialogueScene, dialogueTimeline))
    dialogue.ms = Math.min(dialogue.ms, now() - started)
  }
  return { prompt: PROMPT, duration: DURATION, fps: FPS, rows, dialogue, soundFontMs, firstMs }
}

/** Each input mode (or those of BENCH_MODES, after text) against ffmpeg alone on its frames. */
async function modes(dir) {
  const jobs = await modeJobs(dir, { prompt: PROMPT, duration: DURATION, fps: FPS, seed: SEED })
  const rows = []
  for (const job of jobs) {
    if (MODES && job.mode !== 'text' && !MODES.includes(job.mode)) continue
    const best = await bestOf(RUNS, job, dir, modeAloneTime)
    rows.push({ mode: job.mode, prompt: job.prompt, ...best })
  }
  return { duration: DURATION, fps: FPS, rows }
}

const dir = await mkdtemp(join(tmpdir(), 'kinora-bench-'))
try {
  if (!MODES) printSizes(await sizes(dir))
  printModes(await modes(dir))
} finally {
  await rm(dir, { recursive: true, force: true })
}
