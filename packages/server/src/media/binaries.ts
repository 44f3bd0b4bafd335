import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function onPath(name: string): string | undefined {
  try {
    execFileSync(name, ['-version'], { stdio: 'ignore' })
    return name
  } catch {
    return undefined
  }
}

function fromPackage(pkg: string): string | undefined {
  try {
    return (require(pkg) as { path: string }).path
  } catch {
    return undefined
  }
}

export interface MediaBinaries {
  ffmpeg: string
  ffprobe: string
}

let chosen: MediaBinaries | undefined

/** Set explicit binaries (from config: `KINORA_FFMPEG`, `KINORA_FFPROBE`). */
export function useMediaBinaries(overrides: Partial<MediaBinaries>): void {
  const found = chosen ?? discover()
  chosen = { ffmpeg: overrides.ffmpeg ?? found.ffmpeg, ffprobe: overrides.ffprobe ?? found.ffprobe }
}

/**
 * Where ffmpeg and ffprobe are: explicit settings first, then a system binary on PATH (usually
 * newer), then the binaries shipped by the npm installer packages.
 */
export function mediaBinaries(): MediaBinaries {
  chosen ??= discover()
  return chosen
}

function discover(): MediaBinaries {
  const ffmpeg = onPath('ffmpeg') ?? fromPackage('@ffmpeg-installer/ffmpeg')
  const ffprobe = onPath('ffprobe') ?? fromPackage('@ffprobe-installer/ffprobe')
  if (!ffmpeg || !ffprobe) {
    throw new Error('ffmpeg/ffprobe not found: run `npm install` or install ffmpeg on PATH')
  }
  return { ffmpeg, ffprobe }
}
