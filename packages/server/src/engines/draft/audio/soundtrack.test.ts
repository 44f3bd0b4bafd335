import { describe, expect, it } from 'vitest'
import { parseScene } from '../scene.js'
import { planTimeline } from '../timeline.js'
import { renderEffects } from './effects.js'
import { integratedLoudness } from './loudness.js'
import { CEILING_DBTP } from './master.js'
import { soundWords } from './sound-words.js'
import { renderSoundtrack } from './soundtrack.js'
import { truePeakDb } from './true-peak.js'
import { SAMPLE_RATE } from './wav.js'

async function effects(prompt: string, seed = 3, duration = 5) {
  const scene = parseScene(prompt, seed)
  const timeline = planTimeline(scene, duration, seed)
  return { ...(await renderEffects(scene, timeline, seed, soundWords(prompt))), timeline }
}

function soundtrack(prompt: string, seed = 3, duration = 5) {
  const scene = parseScene(prompt, seed)
  const timeline = planTimeline(scene, duration, seed)
  const signal = new AbortController().signal
  return renderSoundtrack({ scene, timeline, seed, prompt, signal })
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

const at = (t: number) => Math.round(t * SAMPLE_RATE)

describe('the soundtrack', () => {
  it('lasts exactly the clip, at -16 LUFS with true peaks under the ceiling', async () => {
    const { sound, notes } = await soundtrack('a calm lake at dawn')
    expect(sound.left.length).toBe(5 * SAMPLE_RATE)
    expect(sound.right.length).toBe(5 * SAMPLE_RATE)
    expect(Math.abs((await integratedLoudness(sound)) + 16)).toBeLessThanOrEqual(0.2)
    expect(await truePeakDb(sound)).toBeLessThanOrEqual(CEILING_DBTP + 0.05)
    expect(notes).toMatchObject({ lines: [], bed: false, loudness: -16 })
    expect(notes.music).toMatchObject({ key: expect.stringMatching(/ lydian$/) })
  })

  it('is the same for the same scene and seed', async () => {
    const a = (await soundtrack('seagulls over a beach', 9)).sound
    const b = (await soundtrack('seagulls over a beach', 9)).sound
    expect(Buffer.from(a.left.buffer).equals(Buffer.from(b.left.buffer))).toBe(true)
  })
})

describe('the effects', () => {
  it.each([
    ['a quiet meadow at noon', ['birdsong']],
    ['a thunderstorm at sea', ['rain', 'wind', 'sea waves', 'thunder']],
    ['a crowd in a city street', ['city traffic', 'crowd murmur']],
    ['a couple walking on the beach at night', ['sea waves', 'footsteps']],
    ['a campfire by a stream at night, a truck engine idling', ['fire', 'running water', 'engine']],
    ['a train crossing the countryside at dusk', ['train']],
    ['a cozy room, no fire', []],
  ])('for %j are %j', async (prompt, names) => {
    const { names: found } = await effects(prompt)
    expect(found).toEqual(expect.arrayContaining(names))
    if (names.length === 0) expect(found).toEqual([])
  })

  it('hiss with rain: more high-frequency energy than the same place in clear weather', async () => {
    const clear = (await soundtrack('a quiet meadow at night, clear sky')).sound
    const rainy = (await soundtrack('a quiet meadow at night in the rain')).sound
    expect(brightness(rainy.left)).toBeGreaterThan(brightness(clear.left) * 2)
  })

  it('crack on each lightning flash of the timeline', async () => {
    const { sound, timeline } = await effects('a thunderstorm over the ocean at night', 4, 8)
    expect(timeline.lightning.length).toBeGreaterThan(1)
    for (const flash of timeline.lightning) {
      const before = rms(sound.left, at(flash.t - 0.3), at(flash.t))
      const after = rms(sound.left, at(flash.t), at(flash.t + 0.1))
      expect(after).toBeGreaterThan(before * 3)
    }
  })

  it('put a footstep on each footfall of the walkers', async () => {
    const { sound, timeline } = await effects(
      'a man walking through a field at night, clear sky',
      5,
    )
    expect(timeline.steps.length).toBeGreaterThan(4)
    for (const t of timeline.steps.filter((t) => t < 4.5)) {
      const gap = timeline.stride / 2
      const step = rms(sound.left, at(t), at(t + 0.05))
      const between = rms(sound.left, at(t + gap / 2), at(t + gap / 2 + 0.05))
      expect(step).toBeGreaterThan(between * 3)
    }
  })
})
