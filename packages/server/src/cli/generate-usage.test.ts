import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediaFiles, runBin, type MediaFiles } from './test-cli.js'

/** `kinora generate` command lines refused before any work: one line on stderr, exit code 2. */

let media: MediaFiles
const file = (name: string) => media.file(name)

beforeAll(async () => {
  media = await mediaFiles()
})
afterAll(async () => {
  await media?.remove()
})

describe('kinora generate', () => {
  const usage: [string, string[], RegExp][] = [
    ['a missing file', ['--image', 'nowhere.png'], /^kinora: --image nowhere\.png: no such file;/],
    [
      'a bad combination',
      ['--image', 'first.png', '--ref-video', 'clip.mp4'],
      /^kinora: --image\/--last-image .* cannot be combined with --ref-image/,
    ],
    ['a video where an image goes', ['--image', 'clip.mp4'], /clip\.mp4 is an MP4 video;/],
    ['a bad option value', ['--ratio', '2:1'], /^kinora: ratio must be one of 16:9/],
    ['an unknown mode', ['--mode', 'remix'], /argument 'remix' is invalid\. expected one of auto/],
    ['no prompt and no media', [], /^kinora: give a prompt, or media/],
  ]
  it.each(usage)('refuses %s with one line and exit code 2', async (_, flags, message) => {
    const prompt = flags.length === 0 ? [] : ['a calm lake']
    const args = flags.map((a) => (/^(first\.png|clip\.mp4)$/.test(a) ? file(a) : a))
    const run = await runBin('generate', ...prompt, ...args, '-o', file('bad.mp4'))
    expect(run.exitCode).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(run.stderr.trim().split('\n')[0]).toMatch(message)
  })
})
