/**
 * An error the CLI reports as one line on stderr, without a stack trace, and exits with
 * `exitCode`: 1 for a failure of the work itself (a refused medium, a failed task).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** A command line that cannot work as given: a missing file, a bad combination of flags. Exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2)
  }
}
