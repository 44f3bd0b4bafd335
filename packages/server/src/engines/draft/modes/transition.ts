import type { Canvas, SKRSContext2D } from '@napi-rs/canvas'

/** How one shot gives way to the next (our own frame code: the installed ffmpeg has no xfade). */
export type Transition = 'dissolve' | 'wipe-left' | 'wipe-right' | 'wipe-up' | 'wipe-down'

export const TRANSITIONS: readonly Transition[] = [
  'dissolve',
  'wipe-left',
  'wipe-right',
  'wipe-up',
  'wipe-down',
]

const smooth = (p: number) => {
  const u = Math.min(1, Math.max(0, p))
  return u * u * (3 - 2 * u)
}

/**
 * Draws `outgoing`, then `incoming` over it `p` (0..1) of the way through the transition: a
 * cross-dissolve blends by opacity, a wipe reveals the incoming shot behind an edge sweeping
 * across the frame. Both ease in and out so the change never starts or stops abruptly.
 */
export function drawTransition(
  ctx: SKRSContext2D,
  kind: Transition,
  p: number,
  outgoing: Canvas,
  incoming: Canvas,
): void {
  const { width, height } = ctx.canvas
  const e = smooth(p)
  ctx.drawImage(outgoing, 0, 0)
  ctx.save()
  if (kind === 'dissolve') ctx.globalAlpha = e
  else {
    ctx.beginPath()
    if (kind === 'wipe-left') ctx.rect(width * (1 - e), 0, width * e, height)
    else if (kind === 'wipe-right') ctx.rect(0, 0, width * e, height)
    else if (kind === 'wipe-up') ctx.rect(0, height * (1 - e), width, height * e)
    else ctx.rect(0, 0, width, height * e)
    ctx.clip()
  }
  ctx.drawImage(incoming, 0, 0)
  ctx.restore()
}

/** Darkens the canvas toward black, `p` (0..1) of the way through a fade out. */
export function fadeToBlack(ctx: SKRSContext2D, p: number): void {
  const { width, height } = ctx.canvas
  ctx.save()
  ctx.globalAlpha = smooth(p)
  ctx.fillStyle = '#000000'
  ctx.fillRect(0, 0, width, height)
  ctx.restore()
}
