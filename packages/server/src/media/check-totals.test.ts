import { describe, expect, it } from 'vitest'
import { checkTotals, type InspectedItem } from './check-totals.js'

const video = (i: number, duration: number): InspectedItem => ({
  param: `content[${i}].video_url.url`,
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
const audio = (i: number, duration: number): InspectedItem => ({
  param: `content[${i}].audio_url.url`,
  info: { kind: 'audio', format: 'mp3', duration, bytes: 1 },
})
const image = (i: number): InspectedItem => ({
  param: `content[${i}].image_url.url`,
  info: { kind: 'image', format: 'png', width: 640, height: 640, bytes: 1 },
})

describe('checkTotals', () => {
  it.each([
    [
      'three videos of 5 s with images and audio',
      [image(1), video(2, 5), video(3, 5), video(4, 5), audio(5, 15)],
    ],
    ['three mp3s padded to 5.05 s each', [audio(1, 5.05), audio(2, 5.05), audio(3, 5.05)]],
    ['nothing but images', [image(1), image(2)]],
  ])('accepts %s', (_name, items) => {
    expect(() => checkTotals(items)).not.toThrow()
  })

  it.each([
    [
      'a fourth video',
      [video(1, 2), video(2, 2), video(3, 2), video(4, 2)],
      'content[4].video_url.url: at most 3 videos are allowed',
    ],
    [
      'a fourth audio',
      [audio(1, 2), audio(2, 2), audio(3, 2), audio(4, 2)],
      'content[4].audio_url.url: at most 3 audio clips are allowed',
    ],
    [
      'videos adding up to 17.5 s',
      [video(1, 10), video(2, 7.5)],
      'content[2].video_url.url: with this video the videos add up to 17.5 s; at most 15 s in total',
    ],
    [
      'audio adding up to 16 s',
      [audio(1, 8), audio(2, 8)],
      'content[2].audio_url.url: with this audio the audio clips add up to 16 s; at most 15 s in total',
    ],
  ])('refuses %s, naming the item that breaks the limit', (_name, items, message) => {
    expect(() => checkTotals(items)).toThrow(message)
  })
})
