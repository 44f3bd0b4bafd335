import { describe, expect, it } from 'vitest'
import type { EngineInput } from '../../engine.js'
import { planShots, shotOrder } from './reference-plan.js'

const image = (): EngineInput => ({
  kind: 'image',
  role: 'reference_image',
  path: 'i',
  info: { kind: 'image', format: 'png', width: 800, height: 600, bytes: 1 },
})
const video = (duration: number): EngineInput => ({
  kind: 'video',
  role: 'reference_video',
  path: 'v',
  info: {
    kind: 'video',
    format: 'mp4',
    codec: 'h264',
    width: 640,
    height: 360,
    duration,
    fps: 24,
    hasAudio: false,
    bytes: 1,
  },
})
const audio = (): EngineInput => ({
  kind: 'audio',
  role: 'reference_audio',
  path: 'a',
  info: { kind: 'audio', format: 'wav', duration: 4, bytes: 1 },
})

describe('shotOrder', () => {
  // Content order: image1, image2, image3, video1, video2, audio1 (indices 0-5).
  const inputs = [image(), image(), image(), video(3), video(3), audio()]
  it.each([
    ['no citations: content order, audio left out', '', [0, 1, 2, 3, 4]],
    ['cited first, uncited after', '@video2 then @image3', [4, 2, 0, 1, 3]],
    ['each cited once, at its first citation', '@image2 @image1 @image2 @video1', [1, 0, 3, 2, 4]],
    ['citations are case-insensitive', '@Image3 and @VIDEO1', [2, 3, 0, 1, 4]],
    ['audio citations make no shot', '@audio1 over @image2', [1, 0, 2, 3, 4]],
  ])('%s', (_what, prompt, order) => {
    expect(shotOrder(prompt, inputs)).toEqual(order)
  })
})

describe('planShots', () => {
  it('shares the clip by what each shot would like: an image 2.5 s, a video its length', () => {
    const inputs = [image(), video(5)]
    // 2.5 : 5 of 6 s = 2 s and 4 s.
    expect(planShots([0, 1], inputs, 144, 24)).toEqual([
      { input: 0, start: 0, end: 48 },
      { input: 1, start: 48, end: 144 },
    ])
  })

  it('moves each cut to the nearest beat within reach', () => {
    const inputs = [image(), image(), image()]
    // Ideal cuts at 1.333 s and 2.667 s; beats every 0.5 s from 0.2 s.
    const beats = [0.2, 0.7, 1.2, 1.7, 2.2, 2.7, 3.2, 3.7]
    const shots = planShots([0, 1, 2], inputs, 96, 24, beats)
    expect(shots.map((s) => s.end)).toEqual([Math.round(1.2 * 24), Math.round(2.7 * 24), 96])
  })

  it('ignores beats too far from a cut and keeps every shot its minimum length', () => {
    const inputs = [image(), image()]
    expect(planShots([0, 1], inputs, 96, 24, [0.1, 3.95])).toEqual([
      { input: 0, start: 0, end: 48 },
      { input: 1, start: 48, end: 96 },
    ])
    // A beat within reach but leaving the last shot under 0.6 s is not used either.
    const shots = planShots([0, 1], [image(), image()], 48, 24, [1.6])
    expect(shots[0]!.end).toBe(24)
  })

  it('gives nine images and three videos in four seconds a share each', () => {
    const inputs = [...Array.from({ length: 9 }, image), video(3), video(3), video(3)]
    const shots = planShots([...inputs.keys()], inputs, 96, 24)
    expect(shots).toHaveLength(12)
    expect(shots.at(-1)!.end).toBe(96)
    for (const s of shots) expect(s.end - s.start).toBeGreaterThanOrEqual(6)
  })
})
