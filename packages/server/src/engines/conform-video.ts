import { writeFile } from 'node:fs/promises'
import { internal } from '../lib/app-error.js'
import { mediaBinaries } from '../media/binaries.js'
import { probe } from '../media/ffprobe.js'
import { restrictedInput } from '../media/restricted-input.js'
import { runProcess } from '../media/run-process.js'
import { createWatermark } from './draft/watermark.js'

/** What a model's file is turned into: the output contract of spec §2.6. */
export interface ConformSpec {
  width: number
  height: number
  fps: number
  /** Whole seconds; the output has exactly `fps × duration` frames. */
  duration: number
  /** ffmpeg demuxer of the source: `mov` (mp4, mov) or `matroska,webm`. */
  sourceFormat: 'mov' | 'matroska,webm'
  /**
   * An AAC 48 kHz track as long as the video: `audio` (looped) when given, else the source's own
   * track padded with silence. Without `sound` the output has no audio stream.
   */
  sound: boolean
  audio?: { path: string; format: 'wav' | 'mp3' }
  /** Kinora's "AI generated" mark, bottom-right, for models that draw none. */
  watermark: boolean
  /** Also writes the last frame (before the mark) as a PNG here. */
  lastFramePath?: string
  /** x264 preset. */
  preset: string
  signal: AbortSignal
}

/** The size a `width`×`height` picture is scaled to so that it covers `w`×`h` (then cropped). */
export function coverSize(width: number, height: number, w: number, h: number) {
  const scale = Math.max(w / width, h / height)
  // The epsilon keeps float noise (863.9999…, 864.0000…1) from adding two pixels.
  const even = (n: number) => Math.ceil(n / 2 - 1e-6) * 2
  return {
    width: Math.max(w, even(width * scale)),
    height: Math.max(h, even(height * scale)),
  }
}

/**
 * Post-processes a model's video to the contract (spec §2.6): scaled to cover and centre-cropped
 * to the exact size, re-timed to `fps` (frames repeated, as a 16 fps model needs), cut or padded
 * with its last frame to exactly `fps × duration` frames, H.264 yuv420p with `+faststart`, sound
 * resampled to AAC 48 kHz and fitted to the length. The source is read through the restricted
 * input (file protocol, one demuxer). A source without a picture, or without the sound it should
 * have, is an engine fault.
 */
export async function conformVideo(source: string, output: string, spec: ConformSpec) {
  const { width: w, height: h, fps, duration, signal } = spec
  const probed = await probe(source, { format: spec.sourceFormat, signal }).catch((err) => {
    if (signal.aborted) throw err
    throw internal(`The model's file cannot be read as video: ${(err as Error).message}`, {
      retryable: true,
      cause: err,
    })
  })
  const video = probed.streams.find((s) => s.codecType === 'video')
  if (!video?.width || !video.height) throw internal("The model's file has no video stream")
  const ownSound = probed.streams.some((s) => s.codecType === 'audio')
  if (spec.sound && !spec.audio && !ownSound) {
    throw internal('The model made no sound track although generate_audio was asked for')
  }
  const cover = coverSize(video.width, video.height, w, h)
  const inputs = [...restrictedInput(spec.sourceFormat, source)]
  const graph = [
    `color=c=black:s=${w}x${h}:r=${fps}:d=${duration}[bg]`,
    `[0:v]setpts=PTS-STARTPTS,scale=${cover.width}:${cover.height},crop=${w}:${h},setsar=1,fps=${fps}[src]`,
    // A black background of the exact length under the source: the source's last picture stays up
    // once it runs out (eof_action), and trim cuts what overlay passes on past the length.
    `[bg][src]overlay=eof_action=repeat,trim=end_frame=${fps * duration},format=yuv420p${spec.lastFramePath ? ',split[plain][tail]' : '[plain]'}`,
  ]
  if (spec.lastFramePath) graph.push(`[tail]select='eq(n\\,${fps * duration - 1})'[last]`)
  let next = 1
  let picture = '[plain]'
  if (spec.watermark) {
    const mark = createWatermark(w, h)
    const markPath = `${output}.mark.png`
    await writeFile(markPath, await mark.canvas.encode('png'))
    inputs.push(...restrictedInput('png_pipe', markPath))
    graph.push(`[plain][${next++}:v]overlay=${mark.x}:${mark.y}[marked]`)
    picture = '[marked]'
  }
  if (spec.sound) {
    const from = spec.audio ? next++ : 0
    if (spec.audio)
      inputs.push('-stream_loop', '-1', ...restrictedInput(spec.audio.format, spec.audio.path))
    graph.push(`[${from}:a]asetpts=PTS-STARTPTS,aresample=48000,apad,atrim=0:${duration}[sound]`)
  }
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    graph.join(';'),
    '-map',
    picture,
    ...(spec.sound
      ? ['-map', '[sound]', '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2']
      : ['-an']),
    '-c:v',
    'libx264',
    '-preset',
    spec.preset,
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(fps),
    '-map_metadata',
    '-1',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    `file:${output}`,
    ...(spec.lastFramePath
      ? ['-map', '[last]', '-frames:v', '1', '-f', 'image2', `file:${spec.lastFramePath}`]
      : []),
  ]
  await runFfmpeg(args, signal)
}

async function runFfmpeg(args: string[], signal: AbortSignal): Promise<void> {
  try {
    await runProcess(mediaBinaries().ffmpeg, args, { signal })
  } catch (err) {
    if (signal.aborted) throw signal.reason
    throw internal(`Post-processing the model's video failed: ${(err as Error).message}`, {
      retryable: true,
      cause: err,
    })
  }
}
