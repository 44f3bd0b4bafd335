import { mediaBinaries } from '../../../media/binaries.js'
import { runProcess } from '../../../media/run-process.js'
import { SAMPLE_RATE } from './wav.js'

/**
 * Measurements of a rendered mp4 by ffmpeg itself (issue 4's acceptance: its `ebur128` and
 * `astats` filters), for the audio tests. The bundled ffmpeg is a 2018 build: `astats` has only
 * `length`, `metadata` and `reset` options, so windowed statistics come from cutting the stream
 * into frames with `asetnsamples` and printing each frame's metadata with `ametadata`.
 */

const ffmpeg = (args: string[]) =>
  runProcess(mediaBinaries().ffmpeg, ['-hide_banner', '-nostats', '-v', 'info', ...args])

/** Integrated loudness (LUFS) and true peak (dBTP) of a file's audio, by `ebur128=peak=true`. */
export async function ebur128(path: string): Promise<{ integrated: number; truePeak: number }> {
  const { stderr } = await ffmpeg(['-i', path, '-af', 'ebur128=peak=true', '-f', 'null', '-'])
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'))
  const number = (pattern: RegExp) => Number(pattern.exec(summary)?.[1])
  return {
    integrated: number(/I:\s+(-?[\d.]+) LUFS/),
    truePeak: number(/True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/),
  }
}

/**
 * RMS level in dB of consecutive windows of a file's audio (mono mix), by `astats` on frames of
 * `seconds`, after an optional band-pass made of `highpass` and `lowpass`.
 */
export async function windowLevels(
  path: string,
  seconds: number,
  band?: { low: number; high: number },
): Promise<number[]> {
  const filters = [
    'aformat=channel_layouts=mono',
    ...(band ? [`highpass=f=${band.low}`, `lowpass=f=${band.high}`] : []),
    `asetnsamples=n=${Math.round(seconds * SAMPLE_RATE)}:p=0`,
    'astats=metadata=1:reset=1',
    'ametadata=mode=print:key=lavfi.astats.Overall.RMS_level:file=-',
  ]
  const { stdout } = await ffmpeg(['-i', path, '-af', filters.join(','), '-f', 'null', '-'])
  return [...stdout.toString().matchAll(/RMS_level=(-?[\d.]+|-inf)/g)].map((m) =>
    m[1] === '-inf' ? -120 : Number(m[1]),
  )
}

/** Mean brightness (0 … 255) of every frame of a file's video, from frames decoded to 32×18 grey. */
export async function frameBrightness(path: string): Promise<number[]> {
  const { stdout } = await ffmpeg([
    '-i',
    path,
    '-vf',
    'scale=32:18,format=gray',
    '-f',
    'rawvideo',
    'pipe:1',
  ])
  const size = 32 * 18
  return Array.from({ length: stdout.length / size }, (_, f) => {
    let sum = 0
    for (let i = 0; i < size; i++) sum += stdout[f * size + i]!
    return sum / size
  })
}
