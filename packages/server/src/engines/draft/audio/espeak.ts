import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { internal } from '../../../lib/app-error.js'
import { runProcess } from '../../../media/run-process.js'

/**
 * The program run in a child Node process when no espeak-ng binary is installed: it loads the
 * npm WASM build of eSpeak NG, runs it with the arguments it was given, and writes the WAV it made
 * to stdout. eSpeak NG is GPL, so it only ever runs in its own process (architecture.md "Audio");
 * this process never imports it. It is source text, not a file, so that the same code runs from
 * `src` under the tests and from `dist` in production.
 */
const WASM_RUNNER = `
// eSpeak NG seeds a few random choices with the clock: a fixed clock gives the same speech for
// the same input (draft-engine.md "Determinism").
Date.now = () => 0
// Setting up its file system throws and catches thousands of errors: skip their stack traces.
Error.stackTraceLimit = 0
const [url, ...args] = process.argv.slice(1)
const { default: ESpeakNg } = await import(url)
const errors = []
try {
  const espeak = await ESpeakNg({
    arguments: ['-w', '/out.wav', ...args],
    print: () => {},
    printErr: (line) => errors.push(line),
  })
  process.stdout.write(espeak.FS.readFile('/out.wav'))
} catch (err) {
  process.stderr.write(String(err) + '\\n' + errors.join('\\n'))
  process.exitCode = 1
}
`

let systemBinary: Promise<boolean> | undefined

/**
 * True when an `espeak-ng` program is on PATH; it wins over the WASM build (checked once, without
 * blocking: a synchronous spawn stalls the event loop for the whole fork). Its clock cannot be
 * fixed, so the odd random choice of eSpeak's may differ between its runs.
 */
function hasSystemBinary(): Promise<boolean> {
  systemBinary ??= new Promise((resolve) => {
    execFile('espeak-ng', ['--version'], (err) => resolve(!err))
  })
  return systemBinary
}

/** The command that runs eSpeak NG with `args` and writes a WAV file to stdout. */
async function espeakCommand(args: string[]): Promise<[string, string[]]> {
  if (await hasSystemBinary()) return ['espeak-ng', ['--stdout', ...args]]
  const url = pathToFileURL(createRequire(import.meta.url).resolve('espeak-ng')).href
  return [process.execPath, ['--input-type=module', '--eval', WASM_RUNNER, '--', url, ...args]]
}

/**
 * Runs eSpeak NG in a separate process with command-line `args` (voice, SSML text…) and resolves
 * with the WAV it wrote. Aborting `signal` kills the process; a failure is a retryable AppError.
 */
export async function runEspeak(args: string[], signal: AbortSignal): Promise<Buffer> {
  const [command, argv] = await espeakCommand(args)
  try {
    const { stdout } = await runProcess(command, argv, { signal, maxStderr: 4000 })
    if (stdout.length > 44) return stdout
    throw new Error('espeak-ng wrote no sound')
  } catch (err) {
    if (signal.aborted) throw err
    throw internal(`draft engine could not speak: ${(err as Error).message}`, {
      retryable: true,
      cause: err,
    })
  }
}
