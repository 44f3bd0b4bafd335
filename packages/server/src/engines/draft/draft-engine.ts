import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createCanvas, ImageData, type Canvas } from '@napi-rs/canvas'
import sharp from 'sharp'
import { internal, isAppError } from '../../lib/app-error.js'
import type { Engine, EngineContext, EngineJob, EngineResult } from '../engine.js'
import { loadSoundBank } from './audio/soundfont.js'
import { renderSoundtrack, speakPrompt, type AudioNotes } from './audio/soundtrack.js'
import { encodeWav } from './audio/wav.js'
import { createCaption } from './caption.js'
import { startEncoder, type Encoder } from './encoder.js'
import { FRAME_SOURCES } from './modes/frame-sources.js'
import type { FrameSource } from './modes/frame-source.js'
import { pace } from './pace.js'
import { parseScene } from './scene.js'
import { planTimeline } from './timeline.js'
import { createWatermark } from './watermark.js'

/** Encoder settings of the engine; everything else comes from the job. */
export interface DraftEngineOptions {
  /** x264 preset; `veryfast` by default, tests pass `ultrafast`. */
  preset?: string
  /** ffmpeg threads; fixed because x264 output depends on it (determinism). Default 2. */
  threads?: number
}

const isRaw = (frame: Canvas | Buffer): frame is Buffer => Buffer.isBuffer(frame)

/** A canvas holding raw RGBA pixels, to draw over them. */
function onCanvas(canvas: Canvas, rgba: Buffer): Canvas {
  const pixels = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length)
  canvas.getContext('2d').putImageData(new ImageData(pixels, canvas.width, canvas.height), 0, 0)
  return canvas
}

/** Progress is reported every this many frames (a few times per second of rendering). */
const PROGRESS_EVERY = 12

/**
 * The `draft` engine (architecture.md "The draft engine"): an honest procedural renderer with no
 * model weights and no network. The prompt becomes a Scene, the Scene becomes layered 2.5D frames
 * streamed as raw RGBA into one ffmpeg, with a synthesized sound bed for the same Scene. Same job,
 * same bytes.
 */
export function createDraftEngine(options: DraftEngineOptions = {}): Engine {
  const preset = options.preset ?? 'veryfast'
  const threads = options.threads ?? 2
  return {
    name: 'draft',
    // The SoundFont's parse and sample decoding would otherwise stall the first renders.
    warmUp: loadSoundBank,
    async generate(job: EngineJob, ctx: EngineContext): Promise<EngineResult> {
      ctx.signal.throwIfAborted()
      const scene = parseScene(job.prompt, job.seed)
      const timeline = planTimeline(scene, job.duration, job.seed)
      const size = { width: job.width, height: job.height, fps: job.fps, duration: job.duration }
      const frames = Math.round(job.fps * job.duration)
      const videoPath = join(ctx.workdir, 'video.mp4')
      const watermark = job.watermark ? createWatermark(job.width, job.height) : undefined
      const caption = job.caption ? createCaption(job.caption, job.width, job.height) : undefined
      let lastFrame: Buffer | undefined
      let source: FrameSource | undefined
      let encoder: Encoder | undefined
      let audio: AudioNotes | undefined
      // Speech runs in a child process: started now, it overlaps with baking the layers.
      const speech = job.generateAudio
        ? speakPrompt(job.prompt, job.duration, ctx.signal)
        : undefined
      const spec = { ...size, frames, output: videoPath, preset, threads }
      try {
        const sourceOf = FRAME_SOURCES[job.mode]
        if (!sourceOf) throw internal(`The draft engine cannot render ${job.mode} mode`)
        // Without sound nothing the encoder needs waits on the source: ffmpeg and x264 start up
        // while the source prepares (decoding inputs, matching images).
        if (!job.generateAudio) encoder = startEncoder(spec, ctx.signal)
        source = await sourceOf({ job, scene, timeline, workdir: ctx.workdir, signal: ctx.signal })
        let audioPath: string | undefined
        if (job.generateAudio) {
          // The mode's own sound (its inputs'), when it has one, replaces the scene's effects and
          // music; the prompt's lines are spoken over either.
          const bed = await source.soundtrack?.()
          const { prompt, seed } = job
          const track = await renderSoundtrack({
            scene,
            timeline,
            seed,
            prompt,
            bed,
            speech,
            signal: ctx.signal,
          })
          audioPath = join(ctx.workdir, 'soundtrack.wav')
          await writeFile(audioPath, encodeWav(track.sound))
          audio = track.notes
        }
        encoder ??= startEncoder({ ...spec, audioPath }, ctx.signal)
        const scratch = caption || watermark ? createCanvas(job.width, job.height) : undefined
        for (let i = 0; i < frames; i++) {
          // A write that finds a free slot resolves at once, so without this the loop could draw
          // every frame without the event loop turning once.
          await pace()
          ctx.signal.throwIfAborted()
          const drawn = source.frame ? await source.frame(i) : await source.render(i)
          // Raw RGBA (decoded video passed through) goes to the encoder as is, unless a caption
          // or the mark must be drawn over it (FrameSource.frame).
          const raw = isRaw(drawn) ? drawn : undefined
          const canvas = isRaw(drawn) ? scratch && onCanvas(scratch, drawn) : drawn
          if (caption) canvas?.getContext('2d').drawImage(caption.canvas, caption.x, caption.y)
          if (i === frames - 1 && job.returnLastFrame) {
            lastFrame = canvas?.data() ?? Buffer.from(raw!)
          }
          if (watermark)
            canvas?.getContext('2d').drawImage(watermark.canvas, watermark.x, watermark.y)
          await encoder.write(canvas?.data() ?? raw!)
          if ((i + 1) % PROGRESS_EVERY === 0) ctx.onProgress((i + 1) / frames)
        }
        await encoder.finish()
      } catch (err) {
        encoder?.kill()
        if (ctx.signal.aborted) throw ctx.signal.reason
        if (isAppError(err)) throw err
        throw internal(`draft engine failed: ${(err as Error).message}`, {
          retryable: true,
          cause: err,
        })
      } finally {
        await source?.close()
      }
      ctx.onProgress(1)
      const notes = {
        scene,
        ...(audio ? { audio } : {}),
        ...(job.caption ? { caption: job.caption } : {}),
      }
      const result: EngineResult = { videoPath, notes }
      if (lastFrame) {
        result.lastFramePath = join(ctx.workdir, 'last-frame.png')
        await sharp(lastFrame, { raw: { width: job.width, height: job.height, channels: 4 } })
          .removeAlpha()
          .png()
          .toFile(result.lastFramePath)
      }
      return result
    },
  }
}
