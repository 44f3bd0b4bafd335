/** Silence before the first line, between lines and after the last one, in seconds. */
export const LINE_SPACING = { lead: 0.2, gap: 0.35, tail: 0.25 } as const

/**
 * Start times for spoken lines of the given lengths (seconds), in prompt order. Lines follow one
 * another with a gap; the time left over is shared out by where each quote sits in the prompt
 * (`positions`, 0 … 1, non-decreasing), so a line quoted late in the prompt comes late in the
 * clip. Starts never decrease and the last line ends by `duration - tail` whenever the lines fit
 * (speech.ts shortens them until they do).
 */
export function placeLines(lengths: number[], positions: number[], duration: number): number[] {
  const { lead, gap, tail } = LINE_SPACING
  const spoken = lengths.reduce((s, l) => s + l, 0) + gap * Math.max(0, lengths.length - 1)
  const slack = Math.max(0, duration - lead - tail - spoken)
  let at = lead
  return lengths.map((length, i) => {
    const start = at + slack * Math.min(1, Math.max(0, positions[i] ?? 0))
    at += length + gap
    return start
  })
}
