import { mediaBinaries } from '../media/binaries.js'
import { restrictedInput } from '../media/restricted-input.js'
import { runProcess } from '../media/run-process.js'
import type { RgbImage } from './image-classifier.js'

/**
 * `count` frames spread evenly over an mp4 of `duration` seconds, each scaled to `size`×`size` RGB,
 * decoded by ffmpeg through the restricted input (spec §2.4) straight into memory.
 */
export async function sampleFrames(
  videoPath: string,
  opts: { count: number; duration: number; size: number; signal?: AbortSignal },
): Promise<RgbImage[]> {
  const { count, duration, size } = opts
  const { stdout } = await runProcess(
    mediaBinaries().ffmpeg,
    [
      '-v',
      'error',
      ...restrictedInput('mov', videoPath),
      '-an',
      '-vf',
      `fps=${count}/${duration},scale=${size}:${size}`,
      '-frames:v',
      String(count),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { ...(opts.signal ? { signal: opts.signal } : {}), maxStderr: 4000 },
  )
  const frameBytes = size * size * 3
  const frames: RgbImage[] = []
  for (let at = 0; at + frameBytes <= stdout.length; at += frameBytes) {
    frames.push({ data: stdout.subarray(at, at + frameBytes), width: size, height: size })
  }
  return frames
}
