import { mediaBinaries } from './binaries.js'
import { runProcess } from './run-process.js'

export interface ProbedStream {
  codecType: 'video' | 'audio' | string
  codecName: string
  width?: number
  height?: number
  pixFmt?: string
  /** Frames per second from r_frame_rate. */
  fps?: number
  /** Average frames per second (avg_frame_rate): the honest rate of variable-rate video. */
  avgFps?: number
  /** Decoded frame count when counted (`countFrames`). */
  frames?: number
  sampleRate?: number
  channels?: number
  duration?: number
}

export interface ProbeResult {
  formatName: string
  duration: number
  size: number
  streams: ProbedStream[]
}

interface RawStream {
  codec_type: string
  codec_name: string
  width?: number
  height?: number
  pix_fmt?: string
  r_frame_rate?: string
  avg_frame_rate?: string
  nb_read_frames?: string
  sample_rate?: string
  channels?: number
  duration?: string
}

function rate(value: string | undefined): number | undefined {
  if (!value) return undefined
  const [n, d] = value.split('/').map(Number)
  return n !== undefined && d ? n / d : undefined
}

/**
 * ffprobe a local file. `countFrames` decodes the video to count frames exactly (slower).
 * `format` restricts the demuxer (spec §2.4: never let a playlist pose as an mp4): it is forced
 * with `-f`, allowed alone by `-format_whitelist`, and only the file protocol may be opened.
 */
export async function probe(
  path: string,
  opts: { countFrames?: boolean; format?: string; signal?: AbortSignal } = {},
): Promise<ProbeResult> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams']
  if (opts.countFrames) args.push('-count_frames')
  if (opts.format) {
    args.push('-protocol_whitelist', 'file', '-format_whitelist', opts.format, '-f', opts.format)
  }
  args.push(`file:${path}`)
  const { stdout } = await runProcess(mediaBinaries().ffprobe, args, { signal: opts.signal })
  const json = JSON.parse(stdout.toString('utf8')) as {
    format: { format_name: string; duration?: string; size?: string }
    streams: RawStream[]
  }
  return {
    formatName: json.format.format_name,
    duration: Number(json.format.duration ?? 0),
    size: Number(json.format.size ?? 0),
    streams: json.streams.map((s) => ({
      codecType: s.codec_type,
      codecName: s.codec_name,
      width: s.width,
      height: s.height,
      pixFmt: s.pix_fmt,
      fps: rate(s.r_frame_rate),
      avgFps: rate(s.avg_frame_rate),
      frames: s.nb_read_frames === undefined ? undefined : Number(s.nb_read_frames),
      sampleRate: s.sample_rate === undefined ? undefined : Number(s.sample_rate),
      channels: s.channels,
      duration: s.duration === undefined ? undefined : Number(s.duration),
    })),
  }
}
