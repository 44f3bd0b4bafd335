import { randomInt } from 'node:crypto'

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Ids of spec §1: `<prefix>-<YYYYMMDDHHMMSS>-<5 lowercase alnum>`, time in UTC. */
export function newId(prefix: 'cgt' | 'group' | 'asset', now: number): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14)
  let tail = ''
  for (let i = 0; i < 5; i++) tail += ALNUM[randomInt(ALNUM.length)]
  return `${prefix}-${stamp}-${tail}`
}

/** A seed for a request that asked for -1 (random). */
export const randomSeed = (): number => randomInt(0, 2 ** 32)
