import { readFile } from 'node:fs/promises'
import type { Scene } from '../scene.js'
import type { Timeline } from '../timeline.js'
import { parseDialogue } from './dialogue.js'
import { renderEffects } from './effects.js'
import { master } from './master.js'
import { mixBuses } from './mix.js'
import { PROGRAM_NAMES } from './moods.js'
import { renderMusic } from './music.js'
import { soundWords } from './sound-words.js'
import { resample } from './resample.js'
import { speakDialogue, type SpokenLine } from './speech.js'
import { SAMPLE_RATE, createStereo, decodeWav, type Stereo } from './wav.js'

/** What the soundtrack is made from. */
export interface SoundtrackRequest {
  scene: Scene
  timeline: Timeline
  seed: number
  /** The prompt, for its quoted lines and the sounds it names. */
  prompt: string
  signal: AbortSignal
  /**
   * A WAV of the mode's own sound, the clip's length (reference audio, the edited or extended
   * video's track: FrameSource.soundtrack). It replaces the composed music and the scene's effects;
   * the prompt's lines are still spoken over it, ducking it.
   */
  bed?: string
  /** The prompt's lines, when speakPrompt was started earlier; otherwise started here. */
  speech?: Promise<SpokenLine[]>
}

/** What the soundtrack holds and when, kept on the task (`notes.audio`). */
export interface AudioNotes {
  lines: Array<{
    text: string
    speaker: string
    language: string
    start: number
    end: number
    rate: number
    trimmed: boolean
  }>
  effects: string[]
  music?: { key: string; bpm: number; beats: number; instruments: string[] }
  /** True when the mode's own sound is the bed. */
  bed: boolean
  /** Integrated loudness (LUFS) and true peak (dBTP) of the mastered WAV. */
  loudness: number
  truePeak: number
}

/** The mastered soundtrack and its notes. */
export interface Soundtrack {
  sound: Stereo
  notes: AudioNotes
}

/**
 * Starts speaking the prompt's quoted lines (speech.ts). eSpeak NG runs in a child process, so
 * starting this before other work (baking the picture's layers) hides most of its start-up.
 */
export function speakPrompt(
  prompt: string,
  duration: number,
  signal: AbortSignal,
): Promise<SpokenLine[]> {
  const speaking = speakDialogue(parseDialogue(prompt), duration, signal)
  // Awaited later; until then a failure must not count as unhandled.
  speaking.catch(() => {})
  return speaking
}

/** The spoken lines at their places, centred; none when nothing is said. */
function dialogueBus(lines: SpokenLine[], seconds: number): Stereo | undefined {
  if (lines.length === 0) return undefined
  const bus = createStereo(seconds)
  for (const line of lines) {
    const from = Math.round(line.start * SAMPLE_RATE)
    const samples = line.samples.subarray(0, Math.max(0, bus.left.length - from))
    bus.left.set(samples, from)
    bus.right.set(samples, from)
  }
  return bus
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits))

/** The mode's own sound as a stereo bus of exactly `seconds` (resampled if need be). */
async function readBed(path: string, seconds: number): Promise<Stereo> {
  const wav = decodeWav(await readFile(path))
  const [left, right = left] = wav.channels.map((c) =>
    wav.rate === SAMPLE_RATE ? c : resample(c, wav.rate, SAMPLE_RATE),
  ) as [Float32Array, Float32Array?]
  const bus = createStereo(seconds)
  bus.left.set(left.subarray(0, bus.left.length))
  bus.right.set(right.subarray(0, bus.right.length))
  return bus
}

/**
 * The clip's sound (issue 4): the prompt's quoted lines spoken by eSpeak NG in a child process
 * while the scene's effects and the music are synthesized here, then dialogue over effects over
 * music with ducking, mastered to -16 LUFS and a -1 dBTP true-peak ceiling (master.ts).
 * Deterministic for a seed: every random draw comes from the seed, and eSpeak NG is deterministic.
 */
export async function renderSoundtrack(request: SoundtrackRequest): Promise<Soundtrack> {
  const { scene, timeline, seed, prompt, signal } = request
  const duration = timeline.duration
  const speaking = request.speech ?? speakPrompt(prompt, duration, signal)
  const bed = request.bed ? await readBed(request.bed, duration) : undefined
  const effects = bed ? undefined : await renderEffects(scene, timeline, seed, soundWords(prompt))
  const music = bed ? undefined : await renderMusic(scene, duration, seed)
  const lines = await speaking
  const sound = await mixBuses(
    { dialogue: dialogueBus(lines, duration), effects: effects?.sound, music: bed ?? music?.sound },
    duration,
  )
  const report = await master(sound)
  const notes: AudioNotes = {
    lines: lines.map((l) => ({
      text: l.text,
      speaker: l.speaker,
      language: l.language,
      start: round(l.start),
      end: round(l.end),
      rate: round(l.rate),
      trimmed: l.trimmed,
    })),
    effects: effects?.names ?? [],
    ...(music
      ? {
          music: {
            key: music.score.key,
            bpm: round(music.score.bpm, 1),
            beats: music.score.beats,
            instruments: music.score.parts.map((p) =>
              p.channel === 10 ? 'drums' : (PROGRAM_NAMES[p.program] ?? `program ${p.program}`),
            ),
          },
        }
      : {}),
    bed: bed !== undefined,
    loudness: round(report.loudness, 1),
    truePeak: round(report.truePeak, 1),
  }
  return { sound, notes }
}
