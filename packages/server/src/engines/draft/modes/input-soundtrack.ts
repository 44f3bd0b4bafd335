import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { EngineInput } from '../../engine.js'
import { decodeAudio } from '../audio/decode-audio.js'
import { fitSoundtrack } from '../audio/fit-soundtrack.js'
import { encodeWav, type Stereo } from '../audio/wav.js'

/**
 * The sound of the user's inputs, in order: reference audio (wav or mp3) and the tracks of videos
 * that have one; videos without sound are skipped.
 */
export async function decodeInputSound(
  inputs: readonly EngineInput[],
  signal: AbortSignal,
): Promise<Stereo[]> {
  const clips: Stereo[] = []
  for (const input of inputs) {
    if (input.info.kind === 'audio')
      clips.push(await decodeAudio(input.path, input.info.format, signal))
    else if (input.info.kind === 'video' && input.info.hasAudio) {
      clips.push(await decodeAudio(input.path, 'mov', signal))
    }
  }
  return clips
}

/**
 * A FrameSource's `soundtrack` for modes driven by the user's sound: the inputs' sound joined,
 * fitted to `seconds` (fit-soundtrack.ts) and written as a 48 kHz WAV in the work folder. Resolves
 * to undefined when no input has sound.
 */
export async function inputSoundtrack(
  inputs: readonly EngineInput[],
  seconds: number,
  workdir: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const clips = await decodeInputSound(inputs, signal)
  if (clips.length === 0) return undefined
  const path = join(workdir, 'input-soundtrack.wav')
  await writeFile(path, encodeWav(fitSoundtrack(clips, seconds)))
  return path
}
