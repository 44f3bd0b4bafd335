import { describe, expect, it } from 'vitest'
import { frameSize, nearestRatio, RATIOS, RESOLUTIONS } from './sizes.js'

describe('output sizes (spec §2.6)', () => {
  it('has even dimensions for every resolution and ratio (yuv420p needs them)', () => {
    for (const resolution of RESOLUTIONS) {
      for (const ratio of RATIOS) {
        const { width, height } = frameSize(resolution, ratio)
        expect(width % 2, `${resolution} ${ratio}`).toBe(0)
        expect(height % 2, `${resolution} ${ratio}`).toBe(0)
      }
    }
  })

  it.each([
    ['480p', '21:9', 992, 432],
    ['720p', '4:3', 1112, 834],
    ['1080p', '21:9', 2208, 944],
    ['1080p', '9:16', 1080, 1920],
  ] as const)('%s %s is %ix%i', (resolution, ratio, width, height) => {
    expect(frameSize(resolution, ratio)).toEqual({ width, height })
  })

  it.each([
    [1920, 1080, '16:9'],
    [1080, 1920, '9:16'],
    [1000, 1000, '1:1'],
    [1200, 900, '4:3'],
    [2560, 1080, '21:9'],
    [3000, 1000, '21:9'],
    [900, 1200, '3:4'],
  ] as const)('picks the nearest ratio for %ix%i: %s', (w, h, ratio) => {
    expect(nearestRatio(w, h)).toBe(ratio)
  })
})
