/** Output pixel sizes of spec §2.6, the only sizes Kinora ever renders. */
export const RESOLUTIONS = ['480p', '720p', '1080p'] as const
export const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9'] as const
export type Resolution = (typeof RESOLUTIONS)[number]
export type FixedRatio = (typeof RATIOS)[number]
export type Ratio = FixedRatio | 'adaptive'

export const FPS = 24

const TABLE: Record<Resolution, Record<FixedRatio, readonly [number, number]>> = {
  '480p': {
    '16:9': [864, 496],
    '4:3': [752, 560],
    '1:1': [640, 640],
    '3:4': [560, 752],
    '9:16': [496, 864],
    '21:9': [992, 432],
  },
  '720p': {
    '16:9': [1280, 720],
    '4:3': [1112, 834],
    '1:1': [960, 960],
    '3:4': [834, 1112],
    '9:16': [720, 1280],
    '21:9': [1470, 630],
  },
  '1080p': {
    '16:9': [1920, 1080],
    '4:3': [1664, 1248],
    '1:1': [1440, 1440],
    '3:4': [1248, 1664],
    '9:16': [1080, 1920],
    '21:9': [2208, 944],
  },
}

export function frameSize(
  resolution: Resolution,
  ratio: FixedRatio,
): { width: number; height: number } {
  const [width, height] = TABLE[resolution][ratio]
  return { width, height }
}

/** The fixed ratio closest to width/height, compared on a log scale so 2:1 and 1:2 are symmetric. */
export function nearestRatio(width: number, height: number): FixedRatio {
  const target = Math.log(width / height)
  let best: FixedRatio = '16:9'
  let bestDistance = Infinity
  for (const ratio of RATIOS) {
    const [w, h] = ratio.split(':').map(Number) as [number, number]
    const distance = Math.abs(Math.log(w / h) - target)
    if (distance < bestDistance) {
      best = ratio
      bestDistance = distance
    }
  }
  return best
}
