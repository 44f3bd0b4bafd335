import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ImageClass, ImageClassifier, RgbImage } from './image-classifier.js'
import { imagePixels } from './image-pixels.js'
import {
  imageRefused,
  outputRefused,
  textRefused,
  type ModerationPolicy,
} from './moderation-policy.js'
import { sampleFrames } from './sample-frames.js'
import { findTerm, type TermList } from './term-list.js'

export interface DefaultPolicyOptions {
  terms: TermList
  /** Scores images and output frames; null turns image checks off. */
  images: ImageClassifier | null
  /** A score at or above which an image is refused, per class (default Porn and Hentai 0.7). */
  thresholds?: Partial<Record<ImageClass, number>>
  /** Output frames sampled per video (default 4). */
  framesPerVideo?: number
}

const DEFAULT_THRESHOLDS: Partial<Record<ImageClass, number>> = { Porn: 0.7, Hentai: 0.7 }

/**
 * The default policy of spec §2.7: the term list on text (its input terms at create; input and
 * output terms, likeness and copyright, on the prompt and caption the engine used), and the image
 * classifier on input images and on frames sampled across the output.
 */
export function createDefaultPolicy(opts: DefaultPolicyOptions): ModerationPolicy {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS
  const framesPerVideo = opts.framesPerVideo ?? 4

  /** The first class over its threshold, as "Porn 0.93", or undefined. */
  async function flagged(image: RgbImage): Promise<string | undefined> {
    const scores = await opts.images!.classify(image)
    for (const [cls, limit] of Object.entries(thresholds) as [ImageClass, number][]) {
      if (scores[cls] >= limit) return `${cls} ${scores[cls].toFixed(2)}`
    }
    return undefined
  }

  return {
    async checkText(text, param) {
      const term = findTerm(opts.terms, text, ['input'])
      if (term) throw textRefused(param, `it contains "${term.text}"`)
    },

    async checkImage(path, param, signal) {
      if (!opts.images) return
      const why = await flagged(await imagePixels(path, opts.images.size, signal))
      if (why) throw imageRefused(param, `classified as ${why}`)
    },

    async checkOutput(output, signal) {
      const text = [output.prompt, output.caption ?? ''].join('\n')
      const term = findTerm(opts.terms, text, ['input', 'output'])
      if (term) throw outputRefused(`the video shows "${term.text}"`)
      if (!opts.images) return
      const frames = await sampleFrames(output.videoPath, {
        count: framesPerVideo,
        duration: output.duration,
        size: opts.images.size,
        ...(signal ? { signal } : {}),
      })
      for (const [i, frame] of frames.entries()) {
        // A classifier that infers on this thread blocks it for tens of milliseconds a frame: the
        // event loop (the API, in the embedded default) gets a turn between frames.
        await nextTurn()
        signal?.throwIfAborted()
        const why = await flagged(frame)
        if (why) {
          const at = ((i * output.duration) / frames.length).toFixed(1)
          throw outputRefused(`the frame at ${at} s is classified as ${why}`)
        }
      }
    },

    async warmUp() {
      if (!opts.images) return
      // One blank frame: loads the model and runs its first, slowest inference.
      const { size } = opts.images
      await opts.images.classify({
        data: new Uint8Array(size * size * 3),
        width: size,
        height: size,
      })
    },
  }
}
