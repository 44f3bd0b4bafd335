import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frameSize } from '../../../tasks/sizes.js'
import type { EngineJob } from '../../engine.js'
import { createDraftEngine } from '../draft-engine.js'
import type { AudioNotes } from './soundtrack.js'
import { ebur128, frameBrightness, windowLevels } from './test-measure.js'

const FPS = 24
const PROMPTS = {
  dialogue: 'In a quiet library, an old man whispers "The book you seek was never written."',
  storm: 'a thunderstorm over the ocean at night',
  joyful: 'a joyful journey through outer space',
  calm: 'a calm drift through outer space',
} as const
type Clip = { path: string; audio: AudioNotes }
const clips = {} as Record<keyof typeof PROMPTS, Clip>
let dir = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-audio-'))
  const engine = createDraftEngine({ preset: 'ultrafast' })
  for (const [name, prompt] of Object.entries(PROMPTS) as Array<[keyof typeof PROMPTS, string]>) {
    const workdir = await mkdtemp(join(dir, `${name}-`))
    const job: EngineJob = {
      taskId: `audio-${name}`,
      mode: 'text',
      inputs: [],
      prompt,
      resolution: '480p',
      ratio: '16:9',
      ...frameSize('480p', '16:9'),
      duration: 5,
      fps: FPS,
      seed: 7,
      generateAudio: true,
      watermark: false,
      returnLastFrame: false,
    }
    const result = await engine.generate(job, {
      signal: new AbortController().signal,
      workdir,
      onProgress: () => {},
    })
    clips[name] = { path: result.videoPath, audio: result.notes!.audio as AudioNotes }
  }
}, 120_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Power mean of dB levels. */
const meanDb = (levels: number[]) =>
  10 * Math.log10(levels.reduce((s, l) => s + 10 ** (l / 10), 0) / levels.length)

describe('the draft engine audio, measured by ffmpeg on the mp4', () => {
  it.each(Object.keys(PROMPTS) as Array<keyof typeof PROMPTS>)(
    'is -16 LUFS ± 1 LU with true peaks under -1 dBTP (%s)',
    async (name) => {
      const { integrated, truePeak } = await ebur128(clips[name].path)
      expect(Math.abs(integrated + 16)).toBeLessThanOrEqual(1)
      expect(truePeak).toBeLessThanOrEqual(-1)
    },
  )

  it('has speech-band energy in the window of the quoted line and not in the others', async () => {
    const [line] = clips.dialogue.audio.lines
    expect(line).toMatchObject({ speaker: 'old-man', text: 'The book you seek was never written.' })
    const window = 0.25
    const levels = await windowLevels(clips.dialogue.path, window, { low: 300, high: 3400 })
    const inside: number[] = []
    const outside: number[] = []
    levels.slice(0, Math.floor(5 / window)).forEach((level, i) => {
      const [from, to] = [i * window, (i + 1) * window]
      if (from >= line!.start && to <= line!.end) inside.push(level)
      else if (to <= line!.start - window || from >= line!.end + window) outside.push(level)
    })
    expect(inside.length).toBeGreaterThan(3)
    expect(outside.length).toBeGreaterThan(3)
    const speech = [...inside].sort((a, b) => a - b)[Math.floor(inside.length / 2)]!
    // Every window away from the line is well under the line's typical window.
    for (const level of outside) expect(level).toBeLessThan(speech - 6)
  })

  it('has an audio transient within 100 ms after each lightning frame', async () => {
    const brightness = await frameBrightness(clips.storm.path)
    // A flash is a frame much brighter than the one before, after half a second of none.
    const flashes = brightness.flatMap((b, i) =>
      i > 0 &&
      b - brightness[i - 1]! > 30 &&
      brightness.slice(Math.max(0, i - 12), i).every((p) => p < b - 30)
        ? [i / FPS]
        : [],
    )
    expect(flashes.length).toBeGreaterThanOrEqual(2)
    const step = 0.01
    const levels = await windowLevels(clips.storm.path, step)
    for (const t of flashes) {
      const at = Math.round(t / step)
      const before = meanDb(levels.slice(at - 30, at - 2))
      const after = Math.max(...levels.slice(at, at + 10))
      expect(after - before, `jump after the flash at ${t.toFixed(2)} s`).toBeGreaterThan(6)
    }
  })

  it.each(['joyful', 'calm'] as const)(
    'keeps a steady beat at the composed tempo when only music plays (%s)',
    async (name) => {
      const { music, effects } = clips[name].audio
      expect(effects).toEqual([])
      const step = 0.01
      const levels = await windowLevels(clips[name].path, step)
      // Onset envelope: how far each 10 ms window rises above the loudest of the four before it
      // (a steady tremolo or beating rises above nothing; a struck note does).
      const onsets = levels.map((l, i) =>
        i < 4 ? 0 : Math.max(0, l - Math.max(...levels.slice(i - 4, i))),
      )
      const mean = onsets.reduce((s, v) => s + v, 0) / onsets.length
      const centred = onsets.map((v) => v - mean)
      const acf = (lag: number) => {
        let sum = 0
        for (let i = 0; i + lag < centred.length; i++) sum += centred[i]! * centred[i + lag]!
        return sum / (centred.length - lag)
      }
      const r = (lag: number) => acf(lag) / acf(0)
      // The strongest periodicity between 40 and 200 beats per minute is the beat, or the half
      // beat (eighth-note pulses) or two beats (a kick-snare bar): tempo octaves, as tempo
      // estimation is judged (MIREX "accuracy 2").
      let best = 30
      for (let lag = 31; lag <= 150; lag++) if (r(lag) > r(best)) best = lag
      const beat = 60 / music!.bpm / step
      const octave = [0.5, 1, 2].map((f) => Math.abs(best / (beat * f) - 1))
      expect(Math.min(...octave), `strongest period ${best * step} s`).toBeLessThan(0.04)
      // And the beat itself recurs clearly: the envelope correlates with itself one beat later.
      const atBeat = Math.max(r(Math.floor(beat)), r(Math.ceil(beat)))
      expect(atBeat).toBeGreaterThan(0.2)
    },
  )
})
