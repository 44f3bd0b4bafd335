import { createCanvas } from '@napi-rs/canvas'
import { internal } from '../../../lib/app-error.js'
import { mediaBinaries } from '../../../media/binaries.js'
import { restrictedInput } from '../../../media/restricted-input.js'
import { runProcess } from '../../../media/run-process.js'
import { applyLut, labStats, lutOffsets, reinhardLut } from './colour-transfer.js'
import { blendElement, cutOutElement } from './element-cutout.js'
import { parseEditRequest, type Region } from './edit-request.js'
import type { FrameSourceFactory } from './frame-source.js'
import { createMotionTracker } from './global-motion.js'
import { inputSoundtrack } from './input-soundtrack.js'
import { decodeImage, sharpOf, type RawImage } from './load-image.js'
import { textureGrain } from './texture-grain.js'
import { openVideoFrames, putFrame, type VideoFrameReader } from './video-frames.js'

/** Where the element's centre starts (fractions of the frame) and its size (of the shorter side). */
const PLACES: Record<Region, { x: number; y: number; size: number }> = {
  left: { x: 0.27, y: 0.55, size: 0.42 },
  right: { x: 0.73, y: 0.55, size: 0.42 },
  top: { x: 0.5, y: 0.28, size: 0.38 },
  bottom: { x: 0.5, y: 0.72, size: 0.42 },
  centre: { x: 0.5, y: 0.5, size: 0.45 },
  background: { x: 0.5, y: 0.36, size: 0.28 },
  foreground: { x: 0.5, y: 0.68, size: 0.62 },
}
/** A source this much shorter than the clip is slowed to fit; a shorter one loops. */
const MAX_STRETCH = 1.5

/**
 * Edit mode (spec §2.3): the one source video re-rendered with the change the prompt asks for,
 * taken from the reference images (edit-request.ts). The whole frame takes the style image's
 * palette (Reinhard transfer in Lab between the source's keyframes and the image, baked into a 3D
 * lookup table) and a light grain of its texture (texture-grain.ts); an insertion puts the
 * element image's feathered salient centre into the named region and moves it with the footage's
 * global motion (phase correlation, global-motion.ts). The clip keeps the source's
 * length unless `duration` was given (job.duration, resolved by the worker): slightly longer clips
 * slow the footage, much longer ones loop it. The source's own sound is the soundtrack.
 */
export const editSource: FrameSourceFactory = async ({ job, workdir, signal }) => {
  const video = job.inputs.find((i) => i.kind === 'video')
  const images = job.inputs.filter((i) => i.kind === 'image')
  if (!video || images.length === 0) {
    throw internal('edit mode needs one reference video and at least one reference image')
  }
  const { width, height, fps } = job
  const request = parseEditRequest(job.prompt, images.length)
  const frames = Math.round(fps * job.duration)
  const seconds = video.info.kind === 'video' ? video.info.duration : 0
  const footage = Math.max(1, Math.floor(seconds * fps))
  const stretch = frames > footage && frames <= footage * MAX_STRETCH ? frames / footage : 1
  const open = () =>
    openVideoFrames(video.path, {
      width,
      height,
      fps,
      maxFrames: frames,
      stretch,
      signal,
    })
  // The decoder starts first: it opens the file and decodes ahead while the look is prepared.
  let reader: VideoFrameReader = open()
  const place = PLACES[request.region]
  const size = Math.round(Math.min(width, height) * place.size)
  // Each image is decoded once, whatever it serves for (the style and the element are often one).
  const decoded = new Map<number, Promise<RawImage>>()
  const decode = (index: number) => {
    const image = decoded.get(index) ?? decodeImage(images[index]!, signal)
    decoded.set(index, image)
    return image
  }
  const look = Promise.all([
    keyframeStats(video.path, signal),
    decode(request.styleImage).then(async (image) => {
      const thumb = sharpOf(image).resize(128, 128, { fit: 'inside' }).removeAlpha()
      return labStats(await thumb.toColourspace('srgb').raw().toBuffer(), 3)
    }),
    decode(request.styleImage).then((image) => textureGrain(image, width, height, request.texture)),
    request.insert
      ? decode(request.elementImage).then((image) => cutOutElement(sharpOf(image), size))
      : undefined,
  ])
  const [sourceStats, styleStats, grain, element] = await look.catch(async (err: unknown) => {
    await reader.close()
    throw err
  })
  const lut = reinhardLut(sourceStats, styleStats, request.palette)
  const offsets = lutOffsets(width, height, grain)

  let tracker = createMotionTracker(width, height)
  let measured = { x: 0, y: 0 }
  let pace = { x: 0, y: 0 }
  let played = false

  const canvas = createCanvas(width, height)
  // The element's centre stays 0.3 of its size inside the frame: at most a fifth of it leaves.
  const clamp = (v: number, room: number) => Math.min(room - size * 0.3, Math.max(size * 0.3, v))

  const nextFrame = async (): Promise<Buffer> => {
    let frame = await reader.next()
    if (!frame && played) {
      // Looping: the jump back is a cut, not motion.
      await reader.close()
      reader = open()
      tracker = createMotionTracker(width, height)
      measured = { x: 0, y: 0 }
      pace = { x: 0, y: 0 }
      frame = await reader.next()
    }
    if (!frame) throw internal('edit mode: the source video gave no frames', { retryable: true })
    return frame
  }

  // Every step works on the decoded bytes in place, so no frame goes through a canvas.
  const frame = async (f: number): Promise<Buffer> => {
    const rgba = await nextFrame()
    played = true
    // Motion is measured on the footage itself (the texture grain laid over it stays put), on
    // every other frame: frames between go on at the last measured pace.
    if (element && f % 2 === 0) {
      const next = tracker.push(rgba)
      pace = { x: (next.x - measured.x) / 2, y: (next.y - measured.y) / 2 }
      measured = next
    }
    applyLut(lut, rgba, offsets)
    if (element) {
      const odd = f % 2
      const x = clamp(place.x * width + measured.x + odd * pace.x, width)
      const y = clamp(place.y * height + measured.y + odd * pace.y, height)
      blendElement(rgba, width, height, element, x - size / 2, y - size / 2)
    }
    return rgba
  }

  return {
    frame,
    async render(f) {
      putFrame(canvas.getContext('2d'), await frame(f), width, height)
      return canvas
    },
    close: () => reader.close(),
    soundtrack: () => inputSoundtrack([video], job.duration, { workdir, signal }),
  }
}

/**
 * Lab statistics of the source video from its keyframes only, decoded small: the decoder skips
 * every other frame, so this costs a fraction of one decode whatever the video's length.
 */
async function keyframeStats(path: string, signal: AbortSignal) {
  const { stdout } = await runProcess(
    mediaBinaries().ffmpeg,
    [
      '-v',
      'error',
      '-nostdin',
      '-skip_frame',
      'nokey',
      ...restrictedInput('mov', path),
      '-map',
      '0:v:0',
      '-vsync',
      '0',
      '-frames:v',
      '8',
      '-vf',
      'scale=96:54',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { signal },
  ).catch((err: unknown) => {
    if (signal.aborted) throw err
    throw internal(`edit mode could not read the source video's colours: ${String(err)}`, {
      retryable: true,
      cause: err,
    })
  })
  return labStats(stdout, 3)
}
