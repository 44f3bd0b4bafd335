// The bench's tables, in Markdown as docs/draft-engine.md quotes them.
import { availableParallelism } from 'node:os'

const s = (ms) => `${(ms / 1000).toFixed(2)} s`

/** Text-to-video at each size, with the soundtrack's cost, then the one-off audio costs. */
export function printSizes({ prompt, duration, fps, rows, dialogue, soundFontMs, firstMs }) {
  console.log(
    `draft engine, ${duration} s at ${fps} fps, x264 veryfast, audio on, ${availableParallelism()} CPUs`,
  )
  console.log(`prompt: ${prompt}\n`)
  console.log(
    '| size | engine total | ffmpeg alone | ratio | render only (per frame) | audio synth (per s of output) | audio / (render + encode) |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const r of rows) {
    const perFrame = (r.renderMs / (duration * fps)).toFixed(1)
    const audioShare = (100 * r.audioMs) / (r.renderMs + r.ms)
    console.log(
      `| ${r.resolution} ${r.size} | ${s(r.engine)} | ${s(r.ms)} | ${(r.engine / r.ms).toFixed(2)} | ${s(r.renderMs)} (${perFrame} ms) | ${r.audioMs.toFixed(0)} ms (${(r.audioMs / duration).toFixed(0)} ms) | ${audioShare.toFixed(1)} % |`,
    )
  }
  console.log(
    `\nsoundtrack with two spoken lines (eSpeak NG in a child process, wall time): ${dialogue.ms.toFixed(0)} ms (${(dialogue.ms / duration).toFixed(0)} ms per s of output)`,
  )
  console.log(`prompt: ${dialogue.prompt}`)
  console.log(
    `once per process: General MIDI SoundFont (FluidR3 Mono) parsed in ${soundFontMs.toFixed(0)} ms, first soundtrack ${firstMs.toFixed(0)} ms`,
  )
}

/** The input modes against ffmpeg alone on their own frames. */
export function printModes({ duration, fps, rows }) {
  console.log(`\ninput modes, 720p 1280x720, ${duration} s, x264 veryfast, audio off\n`)
  console.log('| mode (prompt) | engine total | ffmpeg alone | ratio | render only (per frame) |')
  console.log('|---|---|---|---|---|')
  for (const r of rows) {
    const perFrame = (r.renderMs / (duration * fps)).toFixed(1)
    console.log(
      `| ${r.mode} (${JSON.stringify(r.prompt)}) | ${s(r.engine)} | ${s(r.ms)} | ${(r.engine / r.ms).toFixed(2)} | ${s(r.renderMs)} (${perFrame} ms) |`,
    )
  }
}
