import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CommanderError, type Command } from 'commander'
import sharp from 'sharp'
import { vi } from 'vitest'
import { characterPng } from '../assets/test-assets.js'
import { makeAudio, makeVideo } from '../media/test-media.js'

/** What one in-process run of a command printed, and the exit code it set. */
export interface CliRun {
  stdout: string
  stderr: string
  exitCode: number
}

function captureCommander(command: Command, err: string[]): void {
  command.exitOverride()
  command.configureOutput({ writeErr: (text) => void err.push(text.trimEnd()) })
  command.commands.forEach((sub) => captureCommander(sub, err))
}

/**
 * Runs a command in this process as `kinora …` would (its real action, real SDK, real HTTP), and
 * captures stdout (results are written to the stream) and stderr (messages go to console.error).
 * A command line commander refuses exits 2, as in `index.ts`.
 */
export async function runCli(command: Command, args: string[]): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  captureCommander(command, err)
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(((
    chunk: string | Uint8Array,
  ) => {
    out.push(String(chunk))
    return true
  }) as typeof process.stdout.write)
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')))
  process.exitCode = undefined
  try {
    await command.parseAsync(args, { from: 'user' })
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e
    process.exitCode = e.exitCode === 0 ? 0 : 2
  } finally {
    write.mockRestore()
    error.mockRestore()
  }
  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = undefined
  return { stdout: out.join(''), stderr: err.join('\n'), exitCode }
}

/**
 * Test Kinora settings for the CLI tests: no overload guard and no rate limit. Renders in the
 * same process on a shared, slow machine would trip the guard (mean event-loop delay), and the
 * tests poll faster than a person would.
 */
export const NO_GUARDS = { maxEventLoopDelayMs: 0, rateLimit: 0 } as const

/** The built CLI (`npm test` builds before it runs the tests). */
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/kinora.js')
const BIN_ENV = { ...process.env, KINORA_ENCODER_PRESET: 'ultrafast', KINORA_LOG_LEVEL: 'warn' }

/**
 * Runs the built `kinora` binary in a child process, as a user would; `exitCode` is -1 when a
 * signal ended it.
 */
export function runBin(...args: string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: BIN_ENV })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ stdout, stderr, exitCode: code ?? -1 }))
  })
}

/** A temporary folder of media files to pass to `kinora generate`. */
export interface MediaFiles {
  /** The path of a file in the folder. */
  file(name: string): string
  remove(): Promise<void>
}

/**
 * Writes `first.png` (640×480), `last.jpg` (the same picture as a JPEG), `clip.mp4` (640×360,
 * 3 s, silent) and `tone.wav` (3 s) to a new temporary folder.
 */
export async function mediaFiles(): Promise<MediaFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'kinora-cli-'))
  const file = (name: string) => join(dir, name)
  const png = await characterPng(640, 480)
  await writeFile(file('first.png'), png)
  await writeFile(file('last.jpg'), await sharp(png).jpeg().toBuffer())
  await makeVideo(file('clip.mp4'), { size: '640x360', seconds: 3, audio: false })
  await makeAudio(file('tone.wav'), 3)
  return { file, remove: () => rm(dir, { recursive: true, force: true }) }
}
