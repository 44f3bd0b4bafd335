import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  KinoraError,
} from '@kinora/client'
import { isAppError } from '../lib/app-error.js'
import { CliError } from './cli-error.js'

/**
 * The one line and exit code for an error a command expects: a {@link CliError} (2 for usage), an
 * API refusal with its code and param (spec §1's envelope), a connection failure. Anything else is
 * a bug and is rethrown to `index.ts`.
 */
function report(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode }
  if (err instanceof APIError || isAppError(err)) {
    const param = err.param ? ` (${err.param})` : ''
    return { line: `${err.code ?? `HTTP ${err.status}`}${param}: ${err.message}`, exitCode: 1 }
  }
  if (err instanceof APIConnectionError && !(err instanceof APIConnectionTimeoutError)) {
    return {
      line: `${err.message}: is a Kinora server running there? Pass --server URL or set KINORA_BASE_URL`,
      exitCode: 1,
    }
  }
  if (err instanceof KinoraError) return { line: err.message, exitCode: 1 }
  throw err
}

/**
 * Wraps a command's action so expected errors become one `kinora: …` line on stderr and
 * `process.exitCode`, never a stack trace; the action's own output stays on stdout.
 */
export const runAction =
  <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await action(...args)
    } catch (err) {
      const { line, exitCode } = report(err)
      console.error(`kinora: ${line}`)
      process.exitCode = exitCode
    }
  }
