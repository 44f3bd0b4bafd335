import { mediaBinaries } from './binaries.js'
import { runProcess } from './run-process.js'

/**
 * ffmpeg input arguments that read one local file with one demuxer and nothing else (spec §2.4):
 * `-f` forces the demuxer, `-format_whitelist` refuses any other (a playlist or concat list cannot
 * open a nested one), and `-protocol_whitelist file` keeps every open, nested ones included, off
 * the network. Both options exist in the 2018 ffmpeg the npm installer ships. Demuxer names are
 * ffmpeg's: `mov` (mp4 and mov), `wav`, `mp3`, `bmp_pipe`. `path` may be `pipe:0` for stdin.
 */
export function restrictedInput(demuxer: string, path: string): string[] {
  const protocol = path === 'pipe:0' ? 'pipe' : 'file'
  const source = path === 'pipe:0' ? path : `file:${path}`
  return [
    '-protocol_whitelist',
    protocol,
    '-format_whitelist',
    demuxer,
    '-f',
    demuxer,
    '-i',
    source,
  ]
}

/**
 * Whether a local file (or bytes, fed on stdin) decodes to its end without error, through the
 * restricted input. Probing reads headers only; this catches truncated and damaged files
 * (`-xerror` stops at the first error, such as mp4 samples past the end of the file). Decodes the
 * default streams (best video, best audio) into the null muxer. Rethrows the signal's reason.
 */
export async function decodesFully(
  demuxer: string,
  input: string | Buffer,
  signal?: AbortSignal,
): Promise<boolean> {
  const stdin = typeof input === 'string' ? undefined : input
  const args = [
    '-v',
    'error',
    '-xerror',
    ...restrictedInput(demuxer, stdin ? 'pipe:0' : String(input)),
  ]
  try {
    await runProcess(mediaBinaries().ffmpeg, [...args, '-f', 'null', '-'], {
      ...(signal ? { signal } : {}),
      ...(stdin ? { stdin } : {}),
    })
    return true
  } catch (err) {
    if (signal?.aborted) throw err
    return false
  }
}
