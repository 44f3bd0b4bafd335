import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { EngineInput } from '../../engine.js'
import { decodeAudio } from '../audio/decode-audio.js'
import { fitSoundtrack } from '../audio/fit-soundtrack.js'
import { createStereo, encodeWav, type Stereo } from '../audio/wav.js'

/**
 * The sound of the user's inputs, in order: reference audio (wav or mp3) and the tracks of videos,
 * a silent stretch for a video without one so the sound stays with its picture. Empty when no
 * input has sound.
 */
export async function decodeInputSound(
  inputs: readonly EngineInput[],
  signal: AbortSignal,
): Promise<Stereo[]> {
  const clips: Stereo[] = []
  let heard = false
  for (const { info, path } of inputs) {
    if (info.kind === 'audio' || (info.kind === 'video' && info.hasAudio)) {
      clips.push(await decodeAudio(path, info.kind === 'audio' ? info.format : 'mov', signal))
      heard = true
    } else if (info.kind === 'video') clips.push(createStereo(info.duration))
  }
  return heard ? clips : []
}

/**
 * A FrameSource's `soundtrack` for modes driven by the user's sound: the inputs' sound joined
 * (overlapping by `overlap` seconds where the pictures dissolve), fitted to `seconds`
 * (fit-soundtrack.ts) and written as a 48 kHz WAV in the work folder. Resolves to undefined when
 * no input has sound.
 */
export async function inputSoundtrack(
  inputs: readonly EngineInput[],
  seconds: number,
  opts: { workdir: string; signal: AbortSignal; overlap?: number },
): Promise<string | undefined> {
  const clips = await decodeInputSound(inputs, opts.signal)
  if (clips.length === 0) return undefined
  const path = join(opts.workdir, 'input-soundtrack.wav')
  await writeFile(path, encodeWav(fitSoundtrack(clips, seconds, opts.overlap)))
  return path
}
