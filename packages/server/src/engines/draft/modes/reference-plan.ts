import type { EngineInput } from '../../engine.js'

/** One shot of a reference clip: which input it shows and where it is cut, in frames. */
export interface PlannedShot {
  /** Index into `job.inputs` (an image or a video). */
  input: number
  /** The cut into this shot (0 for the first) and the cut out of it (the clip's end for the last). */
  start: number
  end: number
}

/** Seconds an image shot would like; a video would like its own length within these bounds. */
const IMAGE_SECONDS = 2.5
const VIDEO_SECONDS = { min: 1.5, max: 6 }
/** No shot is shorter than this (or than an equal share of the clip, when that is shorter). */
const MIN_SHOT_SECONDS = 0.6
/** A beat further than this share of the shot's ideal length from its ideal cut is not used. */
const BEAT_REACH = 0.5

const CITE = /@(image|video)(\d+)/gi

/**
 * The order of shots (spec §2.2, issue 3 item 4): the images and videos in the order the prompt
 * first cites them (`@image2 … @video1 …`, numbered per kind in content order), then the uncited
 * ones in content order. Audio is the soundtrack, never a shot.
 */
export function shotOrder(prompt: string, inputs: readonly EngineInput[]): number[] {
  const ofKind = (kind: string) => inputs.flatMap((input, i) => (input.kind === kind ? [i] : []))
  const byKind: Record<string, number[]> = { image: ofKind('image'), video: ofKind('video') }
  const order: number[] = []
  for (const m of prompt.matchAll(CITE)) {
    const index = byKind[m[1]!.toLowerCase()]?.[Number(m[2]) - 1]
    if (index !== undefined && !order.includes(index)) order.push(index)
  }
  for (const [i, input] of inputs.entries()) {
    if (input.kind !== 'audio' && !order.includes(i)) order.push(i)
  }
  return order
}

/**
 * Cuts for the shots in `order` over `frames` frames. Each shot gets a share of the clip by what
 * it would like (an image 2.5 s, a video its own length within 1.5-6 s); each cut then moves to
 * the nearest beat of the soundtrack (draft-engine.md: cut on beats) when one lies within half
 * the shot's share and leaves every shot its minimum length, so cuts land on the music.
 */
export function planShots(
  order: readonly number[],
  inputs: readonly EngineInput[],
  frames: number,
  fps: number,
  beats: readonly number[] = [],
): PlannedShot[] {
  const total = frames / fps
  const wanted = order.map((i) => {
    const info = inputs[i]!.info
    return info.kind === 'video'
      ? Math.min(VIDEO_SECONDS.max, Math.max(VIDEO_SECONDS.min, info.duration))
      : IMAGE_SECONDS
  })
  const scale = total / wanted.reduce((a, b) => a + b, 0)
  const shares = wanted.map((w) => w * scale)
  const minShot = Math.min(MIN_SHOT_SECONDS, total / order.length)
  const cuts = [0]
  let ideal = 0
  for (let s = 1; s < order.length; s++) {
    ideal += shares[s - 1]!
    const lo = cuts[s - 1]! + minShot
    const hi = total - (order.length - s) * minShot
    let cut = Math.min(hi, Math.max(lo, ideal))
    const reach = BEAT_REACH * shares[s - 1]!
    let best = Infinity
    for (const beat of beats) {
      if (beat < lo || beat > hi) continue
      const distance = Math.abs(beat - ideal)
      if (distance <= reach && distance < best) {
        best = distance
        cut = beat
      }
    }
    cuts.push(cut)
  }
  cuts.push(total)
  return order.map((input, s) => ({
    input,
    start: Math.round(cuts[s]! * fps),
    end: Math.round(cuts[s + 1]! * fps),
  }))
}
