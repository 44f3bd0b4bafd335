import { describe, expect, it } from 'vitest'
import { limitTruePeak } from './limiter.js'
import { integratedLoudness } from './loudness.js'
import { CEILING_DBTP, TARGET_LUFS, master } from './master.js'
import { truePeakDb } from './true-peak.js'
import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'
import { createWhiteNoise } from './white-noise.js'

/** A stereo signal from a function of the sample index (same on both channels). */
function signal(seconds: number, f: (i: number) => number): Stereo {
  const sound = createStereo(seconds)
  for (let i = 0; i < sound.left.length; i++) sound.left[i] = sound.right[i] = f(i)
  return sound
}

const sine =
  (amplitude: number, hz: number, phase = 0) =>
  (i: number) =>
    amplitude * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE + phase)

describe('integratedLoudness (ITU-R BS.1770-4)', () => {
  it('reads a 997 Hz sine at -20 dBFS on both channels as -20 LUFS', async () => {
    expect(await integratedLoudness(signal(3, sine(0.1, 997)))).toBeCloseTo(-20, 1)
  })

  it('gates out silence and quiet passages', async () => {
    const withGaps = signal(6, (i) =>
      i < 2 * SAMPLE_RATE ? sine(0.1, 997)(i) : i < 4 * SAMPLE_RATE ? 0 : 0.001 * Math.sin(i),
    )
    // Ungated, a third of the time at -20 LUFS would read -24.8; blocks straddling the edge
    // still pass the gates and pull it a little down.
    expect(Math.abs((await integratedLoudness(withGaps)) + 20)).toBeLessThan(0.5)
    expect(await integratedLoudness(createStereo(2))).toBe(-Infinity)
  })
})

describe('limitTruePeak', () => {
  it('keeps 4× oversampled peaks under the ceiling and leaves quiet passages alone', async () => {
    const noise = createWhiteNoise(1)
    // A quarter-rate sine sampled 45° off its crests peaks 3 dB above its samples.
    const sound = signal(3, (i) =>
      i < SAMPLE_RATE
        ? sine(1.2, SAMPLE_RATE / 4, Math.PI / 4)(i)
        : i < 1.5 * SAMPLE_RATE
          ? 1.5 * noise()
          : 0.05 * noise(),
    )
    expect(await truePeakDb(sound)).toBeGreaterThan(4)
    const quiet = sound.left.slice(2.5 * SAMPLE_RATE)
    await limitTruePeak(sound, -2)
    expect(await truePeakDb(sound)).toBeLessThanOrEqual(-2 + 0.05)
    // A second after the last peak the gain is back to 1 (within 0.1 %).
    const changed = sound.left.slice(2.5 * SAMPLE_RATE).map((v, i) => Math.abs(v - quiet[i]!))
    expect(Math.max(...changed)).toBeLessThan(0.05 * 0.001)
  })
})

describe('master', () => {
  it('brings a mix to -16 LUFS with its true peak under the ceiling', async () => {
    const noise = createWhiteNoise(2)
    const sound = signal(4, (i) => 0.02 * noise() + (i % 24_000 < 300 ? 0.9 * noise() : 0))
    const report = await master(sound)
    expect(Math.abs(report.loudness - TARGET_LUFS)).toBeLessThanOrEqual(0.2)
    expect(await integratedLoudness(sound)).toBeCloseTo(report.loudness, 5)
    expect(report.truePeak).toBeLessThanOrEqual(CEILING_DBTP + 0.05)
  })
})
