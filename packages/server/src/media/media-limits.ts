/** One megabyte as the limits count it: 1024 × 1024 bytes. */
export const MB = 1024 * 1024

/**
 * The media limits of spec §2.4, in one place so the create-time checks, the task-start probes and
 * the asset probes can never disagree. Image `maxBytes` is exclusive ("under 30 MB"); the others
 * are inclusive ("at most").
 */
export const MEDIA_LIMITS = {
  image: {
    formats: ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'],
    minSide: 300,
    maxSide: 6000,
    minRatio: 0.4,
    maxRatio: 2.5,
    maxBytes: 30 * MB,
  },
  video: {
    formats: ['mp4', 'mov'],
    codecs: ['h264', 'hevc'],
    minSide: 300,
    maxSide: 6000,
    minSeconds: 2,
    maxSeconds: 15,
    minFps: 24,
    maxFps: 60,
    maxBytes: 50 * MB,
    maxCount: 3,
    maxTotalSeconds: 15,
  },
  audio: {
    formats: ['wav', 'mp3'],
    minSeconds: 2,
    maxSeconds: 15,
    maxBytes: 15 * MB,
    maxCount: 3,
    maxTotalSeconds: 15,
  },
} as const

/**
 * Slack on duration limits, per medium: containers and codecs pad (an mp3 encoder adds about 50 ms
 * of priming and padding), so a clip cut to exactly 15 s must not be refused for probing as 15.05 s.
 */
export const DURATION_TOLERANCE_S = 0.1

/** Slack on frame rate limits, so the NTSC film rate 24000/1001 (23.976) counts as 24 fps. */
export const FPS_TOLERANCE = 0.03

/** A byte count as a message shows it: "31.2 MB", "512 KB", "17 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`
  return `${bytes} bytes`
}

/** Seconds as a message shows them: "2.5 s". */
export const formatSeconds = (seconds: number): string => `${Number(seconds.toFixed(2))} s`
