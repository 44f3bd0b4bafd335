import { mkdtempSync } from 'node:fs'
import { copyFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeAudio, makeImage, makeVideo } from '../media/test-media.js'
import { UsageError } from './cli-error.js'
import { mediaArgs, type MediaOptions } from './media-args.js'

// Made at load time: the table below names files in it.
const dir = mkdtempSync(join(tmpdir(), 'kinora-media-args-'))
const file = (name: string) => join(dir, name)

beforeAll(async () => {
  await writeFile(file('a.png'), await makeImage('png', 640, 480))
  await writeFile(file('b.jpg'), await makeImage('jpeg', 640, 480))
  await makeVideo(file('clip.mp4'), { seconds: 2.5, audio: false })
  await makeAudio(file('tone.wav'), 2.5)
  // A real mp4 head, zero-filled (sparse) past the 50 MB limit.
  await copyFile(file('clip.mp4'), file('big.mp4'))
  await truncate(file('big.mp4'), 51 * 1024 * 1024)
  await writeFile(file('notes.txt'), 'not a medium')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const URL_IMAGE = 'https://example.com/a.png'

describe('mediaArgs', () => {
  it('orders flags as content items (images, videos, audio) with their roles', async () => {
    const args = await mediaArgs({
      refAudio: [file('tone.wav')],
      refVideo: [file('clip.mp4'), 'asset://asset-20260101000000-abcde'],
      refImage: [URL_IMAGE, file('b.jpg')],
    })
    expect(args.map((a) => [a.flag, a.kind, a.role, a.file?.format ?? a.source])).toEqual([
      ['--ref-image', 'image', 'reference_image', URL_IMAGE],
      ['--ref-image', 'image', 'reference_image', 'jpeg'],
      ['--ref-video', 'video', 'reference_video', 'mp4'],
      ['--ref-video', 'video', 'reference_video', 'asset://asset-20260101000000-abcde'],
      ['--ref-audio', 'audio', 'reference_audio', 'wav'],
    ])
    const frames = await mediaArgs({ image: file('a.png'), lastImage: file('b.jpg') })
    expect(frames.map((a) => [a.role, a.file?.format])).toEqual([
      ['first_frame', 'png'],
      ['last_frame', 'jpeg'],
    ])
  })

  const refused: [string, MediaOptions, RegExp][] = [
    ['a last frame alone', { lastImage: URL_IMAGE }, /^--last-image needs --image/],
    [
      'frames mixed with references',
      { image: URL_IMAGE, refImage: [URL_IMAGE] },
      /cannot be combined with --ref-image/,
    ],
    [
      'ten reference images',
      { refImage: Array(10).fill(URL_IMAGE) as string[] },
      /--ref-image may be given at most 9 times; got 10/,
    ],
    [
      'four reference videos',
      { refVideo: Array(4).fill('asset://v') as string[] },
      /--ref-video may be given at most 3 times; got 4/,
    ],
    [
      'audio without an image or video',
      { refAudio: [file('tone.wav')] },
      /--ref-audio needs at least one --ref-image or --ref-video/,
    ],
    ['a mode without references', { mode: 'extend' }, /--mode extend applies only to reference/],
    [
      'edit without an image',
      { mode: 'edit', refVideo: ['asset://v'] },
      /--mode edit needs exactly one --ref-video .* got 1 video\(s\) and 0 image\(s\)/,
    ],
    [
      'extend with an image',
      { mode: 'extend', refVideo: ['asset://v'], refImage: [URL_IMAGE] },
      /--mode extend needs 1-3 --ref-video and no --ref-image/,
    ],
    [
      'a missing file',
      { image: file('gone.png') },
      /^--image .*gone\.png: no such file; give an image file, an http\(s\) URL or asset:\/\/<id>$/,
    ],
    ['a folder', { refVideo: [dir] }, /: not a file; give a video file/],
    [
      'a video given as an image',
      { refImage: [file('clip.mp4')] },
      /clip\.mp4 is an MP4 video; --ref-image takes jpeg, png, webp, bmp, tiff, gif$/,
    ],
    [
      'an image given as audio',
      { refImage: [URL_IMAGE], refAudio: [file('a.png')] },
      /a\.png is a PNG image; --ref-audio takes wav or mp3$/,
    ],
    [
      'a video over 50 MB',
      { refVideo: [file('big.mp4')] },
      /big\.mp4 is 51 MB; a video file must be at most 50 MB$/,
    ],
    ['a text file', { image: file('notes.txt') }, /notes\.txt is data of no supported type/],
  ]
  it.each(refused)('refuses %s with a usage error (exit 2)', async (_, options, message) => {
    const err = await mediaArgs(options).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).exitCode).toBe(2)
    expect((err as UsageError).message).toMatch(message)
  })

  it('accepts edit and extend combinations', async () => {
    await expect(
      mediaArgs({ mode: 'edit', refVideo: ['asset://v'], refImage: [URL_IMAGE, URL_IMAGE] }),
    ).resolves.toHaveLength(3)
    await expect(
      mediaArgs({ mode: 'extend', refVideo: ['asset://v', 'asset://w'] }),
    ).resolves.toHaveLength(2)
  })
})
