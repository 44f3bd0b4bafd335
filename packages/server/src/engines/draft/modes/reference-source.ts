import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createCanvas, type Canvas } from '@napi-rs/canvas'
import { internal } from '../../../lib/app-error.js'
import { detectBeats } from '../audio/beats.js'
import { fitSoundtrack } from '../audio/fit-soundtrack.js'
import { encodeWav, SAMPLE_RATE, type Stereo } from '../audio/wav.js'
import { createRng } from '../prng.js'
import type { FrameSourceFactory } from './frame-source.js'
import { decodeInputSound } from './input-soundtrack.js'
import { loadCoverImage } from './load-image.js'
import { planShots, shotOrder } from './reference-plan.js'
import { drawable, movePose, stillShot, videoShot, type Shot, type StillMove } from './shots.js'
import { drawTransition, TRANSITIONS, type Transition } from './transition.js'

/** Image plates are cut this much larger than the frame so camera moves stay sharp. */
const PLATE_SCALE = 1.15
/** The longest transition between shots: a third of a second, so cuts still read on the beat. */
const MAX_TRANSITION = 8
/** The moves drawn for image shots when the prompt names none. */
const MOVES: readonly StillMove[] = [
  'push-in',
  'pull-out',
  'pan-left',
  'pan-right',
  'tilt-up',
  'tilt-down',
]

/** A planned shot with the frames it is drawn on (the cut ± half a transition) and its renderer. */
interface LiveShot {
  from: number
  to: number
  shot: Shot
  closed: boolean
}

/**
 * Multimodal reference mode (spec §2.2; issue 3 item 4): a clip cut together from the reference
 * media in the order the prompt cites them (reference-plan.ts). Each image is a shot with a camera
 * move (the prompt's, else one drawn by seed), each video contributes its footage re-framed and
 * re-timed (shots.ts); shots meet in a short dissolve or wipe centred on the cut. Reference audio,
 * joined and fitted to the clip, is the soundtrack, and the cuts move onto its beats (beats.ts).
 */
export const referenceSource: FrameSourceFactory = async ({ job, scene, workdir, signal }) => {
  const { width, height, fps } = job
  const frames = Math.round(fps * job.duration)
  const rng = createRng(job.seed, 'reference-shots')
  const order = shotOrder(job.prompt, job.inputs)
  if (order.length === 0) throw internal('reference mode needs at least one image or video')
  // Decoding the sound and the pictures overlap (ffmpeg and sharp's threads); nothing is drawn yet.
  const [clips, plates] = await Promise.all([
    decodeInputSound(
      job.inputs.filter((i) => i.kind === 'audio'),
      signal,
    ),
    Promise.all(
      order.map((i) => {
        const input = job.inputs[i]!
        if (input.kind !== 'image') return undefined
        const [w, h] = [Math.round(width * PLATE_SCALE), Math.round(height * PLATE_SCALE)]
        return loadCoverImage(input, w, h, signal)
      }),
    ),
  ])
  const sound: Stereo | undefined =
    clips.length > 0 ? fitSoundtrack(clips, job.duration) : undefined
  const beats = sound ? detectBeats(mono(sound), SAMPLE_RATE).times : []
  const plan = planShots(order, job.inputs, frames, fps, beats)
  const shortest = Math.min(...plan.map((p) => p.end - p.start))
  const transition = Math.min(MAX_TRANSITION, 2 * Math.floor(shortest / 4))
  const half = transition / 2
  const kinds: Transition[] = plan.map(() =>
    rng.chance(0.7) ? 'dissolve' : rng.pick(TRANSITIONS.slice(1)),
  )
  const named = scene.origin.camera.startsWith('prompt:') ? scene.camera : undefined
  let previousMove: StillMove | undefined

  const live: LiveShot[] = []
  try {
    for (const [s, p] of plan.entries()) {
      const from = s === 0 ? 0 : p.start - half
      const to = s === plan.length - 1 ? frames : p.end + half
      const input = job.inputs[p.input]!
      let shot: Shot
      if (input.info.kind === 'video') {
        shot = videoShot(input.path, input.info.duration, {
          width,
          height,
          fps,
          length: to - from,
          signal,
        })
      } else {
        const move = named ?? rng.pick(MOVES.filter((m) => m !== previousMove))
        previousMove = move
        shot = stillShot(plates[s]!.canvas, width, height, to - from, movePose(move))
      }
      live.push({ from, to, shot, closed: false })
    }
  } catch (err) {
    await Promise.all(live.map((l) => l.shot.close()))
    throw err
  }

  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d', { alpha: false })
  const scratch = [createCanvas(width, height), createCanvas(width, height)] as const
  const frameOf = (l: LiveShot, f: number) => l.shot.render(f - l.from)
  const frame = async (f: number): Promise<Canvas | Buffer> => {
    for (const l of live) {
      if (!l.closed && f >= l.to) {
        l.closed = true
        await l.shot.close()
      }
    }
    const [a, b] = live.filter((l) => f >= l.from && f < l.to)
    if (!a) throw internal(`reference mode has no shot for frame ${f}`)
    if (!b) return frameOf(a, f)
    const outgoing = drawable(await frameOf(a, f), scratch[0])
    const incoming = drawable(await frameOf(b, f), scratch[1])
    const s = live.indexOf(b)
    drawTransition(ctx, kinds[s]!, (f - b.from + 0.5) / transition, outgoing, incoming)
    return canvas
  }
  return {
    frame,
    render: async (f) => drawable(await frame(f), canvas),
    close: async () => {
      await Promise.all(live.filter((l) => !l.closed).map((l) => l.shot.close()))
    },
    soundtrack: async () => {
      if (!sound) return undefined
      const path = join(workdir, 'reference-soundtrack.wav')
      await writeFile(path, encodeWav(sound))
      return path
    },
  }
}

function mono(sound: Stereo): Float32Array {
  const out = new Float32Array(sound.left.length)
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * (sound.left[i]! + sound.right[i]!)
  return out
}
