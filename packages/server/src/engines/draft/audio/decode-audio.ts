import { mediaBinaries } from '../../../media/binaries.js'
import { restrictedInput } from '../../../media/restricted-input.js'
import { runProcess } from '../../../media/run-process.js'
import { internal } from '../../../lib/app-error.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'

/**
 * The first audio stream of a checked input as 48 kHz stereo floats, decoded by ffmpeg behind the
 * restricted input (`demuxer` is `wav`, `mp3`, or `mov` for a video's own track), so the
 * soundtrack of reference, edit and extend modes is the user's sound at the mix's rate.
 */
export async function decodeAudio(
  path: string,
  demuxer: string,
  signal: AbortSignal,
): Promise<Stereo> {
  let stdout: Buffer
  try {
    ;({ stdout } = await runProcess(
      mediaBinaries().ffmpeg,
      [
        '-v',
        'error',
        '-nostdin',
        ...restrictedInput(demuxer, path),
        '-map',
        '0:a:0',
        '-ac',
        '2',
        '-ar',
        String(SAMPLE_RATE),
        '-f',
        'f32le',
        'pipe:1',
      ],
      { signal },
    ))
  } catch (err) {
    if (signal.aborted) throw err
    throw internal(`could not decode the audio of ${path}: ${(err as Error).message}`, {
      retryable: true,
      cause: err,
    })
  }
  const n = Math.floor(stdout.length / 8)
  const interleaved = new Float32Array(n * 2)
  new Uint8Array(interleaved.buffer).set(stdout.subarray(0, n * 8))
  const left = new Float32Array(n)
  const right = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    left[i] = interleaved[i * 2]!
    right[i] = interleaved[i * 2 + 1]!
  }
  return { left, right }
}
