/** Raw RGB pixels, three bytes per pixel, row by row. */
export interface RgbImage {
  data: Uint8Array
  width: number
  height: number
}

/** The classes of the nsfwjs models, whose probabilities sum to 1. */
export type ImageClass = 'Drawing' | 'Hentai' | 'Neutral' | 'Porn' | 'Sexy'

/** Scores an image; the moderation policy decides what the scores refuse. */
export interface ImageClassifier {
  /** The side of the square the model looks at; callers may hand it images of that size. */
  readonly size: number
  classify(image: RgbImage): Promise<Record<ImageClass, number>>
}
