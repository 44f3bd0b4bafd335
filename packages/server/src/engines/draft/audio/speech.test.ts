import { describe, expect, it } from 'vitest'
import { parseDialogue } from './dialogue.js'
import { LINE_SPACING, placeLines } from './place-lines.js'
import { speakDialogue } from './speech.js'
import { SAMPLE_RATE } from './wav.js'

const signal = new AbortController().signal
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)

describe('placeLines', () => {
  it.each([
    // lengths, positions, duration, starts
    [[1], [0], 5, [0.2]],
    [[1], [1], 5, [0.2 + 3.55]],
    [[1, 1], [0, 1], 5, [0.2, 0.2 + 1 + 0.35 + 2.2]],
    [[2, 2], [0.5, 0.6], 4, [0.2, 2.55]],
  ])('places lines of %j at %j in %d s at %j', (lengths, positions, duration, starts) => {
    placeLines(lengths, positions, duration).forEach((s, i) => expect(s).toBeCloseTo(starts[i]!))
  })
})

describe('speakDialogue (eSpeak NG in a child process)', () => {
  it('speaks every line in prompt order within the clip, with each speaker’s voice', async () => {
    const lines = parseDialogue(
      'A woman says "Look at the sky." An old man answers "It will rain soon."',
    )
    const spoken = await speakDialogue(lines, 5, signal)
    expect(spoken.map((l) => [l.speaker, l.trimmed])).toEqual([
      ['woman', false],
      ['old-man', false],
    ])
    expect(spoken[0]!.start).toBeGreaterThanOrEqual(LINE_SPACING.lead)
    expect(spoken[1]!.start).toBeGreaterThan(spoken[0]!.end)
    expect(spoken[1]!.end).toBeLessThanOrEqual(5 - LINE_SPACING.tail + 1e-9)
    expect(spoken[1]!.rate).toBe(0.85)
    for (const line of spoken) {
      expect(line.samples.length).toBe(Math.round((line.end - line.start) * SAMPLE_RATE))
      expect(rms(line.samples)).toBeGreaterThan(0.02)
    }
  })

  it('gives the same samples for the same lines', async () => {
    const lines = parseDialogue('A child asks "Are we there yet?" 彼女は「もうすぐです」と答えた。')
    const [a, b] = await Promise.all([
      speakDialogue(lines, 5, signal),
      speakDialogue(lines, 5, signal),
    ])
    const bytes = (spoken: typeof a) =>
      Buffer.concat(spoken.map((l) => Buffer.from(l.samples.buffer)))
    expect(a.map((l) => l.language)).toEqual(['en-us', 'ja'])
    expect(bytes(a).equals(bytes(b))).toBe(true)
  })

  it('speeds up a line that does not fit, then drops words from its end', async () => {
    const text =
      'And so the long journey began, far away from home, across the mountains and the endless sea, never to return again.'
    const [line] = await speakDialogue(parseDialogue(`The narrator says "${text}"`), 4, signal)
    expect(line!.rate).toBeGreaterThan(0.92)
    expect(line!.trimmed).toBe(true)
    expect(text.startsWith(line!.text)).toBe(true)
    expect(line!.text.length).toBeLessThan(text.length)
    // Cut after a whole word: the original goes on with a space or punctuation.
    expect(text[line!.text.length]).toMatch(/[ ,.]/)
    expect(line!.end).toBeLessThanOrEqual(4 - LINE_SPACING.tail + 1e-9)
  })
})
