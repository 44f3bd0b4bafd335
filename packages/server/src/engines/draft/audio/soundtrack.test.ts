import { describe, expect, it } from 'vitest'
import { parseScene } from '../scene.js'
import { planTimeline } from '../timeline.js'
import { renderSoundtrack } from './soundtrack.js'
import { SAMPLE_RATE, encodeWav } from './wav.js'

function track(prompt: string, seed = 3, duration = 5) {
  const scene = parseScene(prompt, seed)
  const timeline = planTimeline(scene, duration, seed)
  return { sound: renderSoundtrack(scene, timeline, seed), timeline }
}

const rms = (x: Float32Array, from = 0, to = x.length) => {
  let sum = 0
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!
  return Math.sqrt(sum / Math.max(1, to - from))
}

/** RMS of the first difference: weighs high frequencies (hiss) over low ones (rumble, pads). */
const brightness = (x: Float32Array) => {
  let sum = 0
  for (let i = 1; i < x.length; i++) sum += (x[i]! - x[i - 1]!) ** 2
  return Math.sqrt(sum / x.length) / rms(x)
}

/** RMS of a crude low-pass (a 2 ms moving average): weighs rumble. */
const rumble = (x: Float32Array, from: number, to: number) => {
  const k = 96
  let acc = 0
  let sum = 0
  for (let i = from; i < to; i++) {
    acc += x[i]! - (i - k >= from ? x[i - k]! : 0)
    sum += (acc / k) ** 2
  }
  return Math.sqrt(sum / (to - from))
}

describe('the soundtrack', () => {
  it('lasts exactly the clip, stays within full scale and is not silent', () => {
    const { sound } = track('a calm lake at dawn')
    expect(sound.left.length).toBe(5 * SAMPLE_RATE)
    expect(sound.right.length).toBe(5 * SAMPLE_RATE)
    const peak = sound.left.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    expect(peak).toBeLessThanOrEqual(1)
    expect(rms(sound.left)).toBeGreaterThan(0.03)
    expect(encodeWav(sound).length).toBe(44 + 5 * SAMPLE_RATE * 4)
  })

  it('hisses with rain: more high-frequency energy than the same place in clear weather', () => {
    const clear = track('a quiet meadow at noon, clear sky').sound
    const rainy = track('a quiet meadow at noon in the rain').sound
    expect(brightness(rainy.left)).toBeGreaterThan(brightness(clear.left) * 2)
  })

  it('rumbles with thunder after each lightning flash of the timeline', () => {
    const { sound, timeline } = track('a thunderstorm over the ocean at night', 4, 8)
    const flash = timeline.lightning[0]!
    const at = (t: number) => Math.floor(t * SAMPLE_RATE)
    const before = rumble(sound.left, at(Math.max(0, flash.t - 0.6)), at(flash.t))
    const after = rumble(sound.left, at(flash.t + 0.6), at(flash.t + 2))
    expect(after).toBeGreaterThan(before * 1.5)
  })

  it('is the same for the same scene and seed', () => {
    const a = track('seagulls over a beach', 9).sound
    const b = track('seagulls over a beach', 9).sound
    expect(Buffer.from(a.left.buffer).equals(Buffer.from(b.left.buffer))).toBe(true)
  })
})
