import { InvalidArgumentError } from 'commander'

/** A commander argument parser for integers, with a message that says what was expected. */
export function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`expected an integer, got "${value}"`)
  return Number(value)
}
