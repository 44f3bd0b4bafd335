import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { makeImage, makeVideo } from '../media/test-media.js'
import { createDefaultPolicy } from './default-policy.js'
import type { ImageClass, ImageClassifier, RgbImage } from './image-classifier.js'
import { loadTermList } from './load-term-list.js'
import { createNsfwClassifier } from './nsfw-classifier.js'

const terms = loadTermList(undefined)

/** Scores every image by a function of its pixels: a stand-in model with a known answer. */
function fixedClassifier(
  score: (image: RgbImage, call: number) => Partial<Record<ImageClass, number>>,
) {
  let calls = 0
  const classifier: ImageClassifier = {
    size: 32,
    async classify(image) {
      return { Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0, ...score(image, calls++) }
    },
  }
  return classifier
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

let dir: string
let image: string
let video: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-moderation-'))
  image = join(dir, 'image.png')
  await writeFile(image, await makeImage('png', 400, 300))
  video = join(dir, 'video.mp4')
  await makeVideo(video, { seconds: 4, audio: false })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the default moderation policy, code by code and stage by stage', () => {
  const quiet = createDefaultPolicy({ terms, images: null })
  const output = (prompt: string, caption?: string) => ({
    prompt,
    ...(caption ? { caption } : {}),
    videoPath: video,
    duration: 4,
  })

  it.each([
    ['create', 'explicit porn in a hotel room', 'InputTextSensitiveContentDetected'],
    ['create', 'a beheading in the town square', 'InputTextSensitiveContentDetected'],
    ['create', 'Mickey Mouse waves from a boat', null],
    ['create', 'a lighthouse at dusk', null],
  ])('text at %s: %j → %s', async (_stage, text, code) => {
    const check = quiet.checkText(text, 'content[0].text')
    if (code === null) return expect(check).resolves.toBeUndefined()
    const err = await refusal(check)
    expect(err).toMatchObject({ status: 400, code, param: 'content[0].text', retryable: false })
    expect(err.message).toMatch(
      /^content\[0\]\.text: the text was refused .*"(porn\*|beheading\*)"/,
    )
  })

  it.each([
    ['Mickey Mouse waves from a boat', undefined, /shows "mickey mouse"/],
    ['a snowy harbour at night', 'Pikachu parade cancelled', /shows "pikachu"/],
    ['a harbour, snow', 'Explicit porn ring arrested', /shows "porn\*"/],
    ['a lighthouse at dusk', 'Lighthouse reopens', null],
  ])('output after rendering: %j with caption %j → %s', async (prompt, caption, why) => {
    const check = quiet.checkOutput(output(prompt, caption))
    if (why === null) return expect(check).resolves.toBeUndefined()
    const err = await refusal(check)
    expect(err).toMatchObject({ code: 'OutputVideoSensitiveContentDetected', retryable: false })
    expect(err.message).toMatch(why)
  })

  it('refuses an input image at or above a class threshold, naming the field', async () => {
    const strict = createDefaultPolicy({
      terms,
      images: fixedClassifier(() => ({ Porn: 0.7, Neutral: 0.3 })),
    })
    const err = await refusal(strict.checkImage(image, 'content[1].image_url.url'))
    expect(err).toMatchObject({
      status: 400,
      code: 'InputImageSensitiveContentDetected',
      param: 'content[1].image_url.url',
    })
    expect(err.message).toMatch(/classified as Porn 0\.70/)
    const lenient = createDefaultPolicy({
      terms,
      images: fixedClassifier(() => ({ Porn: 0.69, Sexy: 0.31 })),
    })
    await expect(lenient.checkImage(image, 'content[1].image_url.url')).resolves.toBeUndefined()
  })

  it('samples frames across the output and refuses the first flagged one', async () => {
    const seen: RgbImage[] = []
    const policy = createDefaultPolicy({
      terms,
      images: fixedClassifier((frame, call) => {
        seen.push(frame)
        return call === 2 ? { Hentai: 0.9 } : { Drawing: 1 }
      }),
    })
    const err = await refusal(policy.checkOutput(output('a lighthouse at dusk')))
    expect(err.code).toBe('OutputVideoSensitiveContentDetected')
    expect(err.message).toMatch(/frame at 2\.0 s is classified as Hentai 0\.90/)
    expect(seen).toHaveLength(3)
    expect(seen.every((f) => f.data.length === 32 * 32 * 3)).toBe(true)
    // testsrc moves: sampled frames differ, so they really come from across the video.
    expect(Buffer.from(seen[0]!.data).equals(Buffer.from(seen[1]!.data))).toBe(false)
  })
})

describe('nsfwjs on the wasm backend, from node_modules only', () => {
  const nsfw = createNsfwClassifier()

  it('scores real pixels: a noise image and test-pattern frames pass the default thresholds', async () => {
    const policy = createDefaultPolicy({ terms, images: nsfw })
    await expect(policy.checkImage(image, 'content[1].image_url.url')).resolves.toBeUndefined()
    await expect(
      policy.checkOutput({ prompt: 'test pattern', videoPath: video, duration: 4 }),
    ).resolves.toBeUndefined()
  })

  it('refuses the same image once the operator blocks drawings: the scores decide', async () => {
    const policy = createDefaultPolicy({ terms, images: nsfw, thresholds: { Drawing: 0.5 } })
    const err = await refusal(policy.checkOutput({ prompt: 'x', videoPath: video, duration: 4 }))
    expect(err.message).toMatch(/frame at 0\.0 s is classified as Drawing 0\.\d\d/)
  })
})
