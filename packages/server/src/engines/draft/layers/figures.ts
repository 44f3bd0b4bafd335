import type { SKRSContext2D } from '@napi-rs/canvas'

/**
 * Walking figures as stroked stick silhouettes with round joints: cheap to draw every frame and
 * readable at any size. `phase` runs 0..1 over one stride; `dir` is +1 facing right, -1 left.
 */
export function person(
  ctx: SKRSContext2D,
  x: number,
  ground: number,
  height: number,
  phase: number,
  dir: number,
  umbrella?: string,
): void {
  const swing = Math.sin(phase * Math.PI * 2)
  const bob = Math.abs(Math.cos(phase * Math.PI * 2)) * height * 0.015
  const hip = ground - height * 0.5 + bob
  const shoulder = ground - height * 0.82 + bob
  const leg = height * 0.5
  ctx.lineWidth = height * 0.11
  ctx.beginPath()
  for (const s of [swing, -swing]) {
    ctx.moveTo(x, hip)
    ctx.lineTo(x + s * leg * 0.22 * dir, hip + leg * 0.5)
    ctx.lineTo(x + s * leg * 0.32 * dir + (s < 0 ? -leg * 0.06 * dir : 0), ground)
  }
  ctx.moveTo(x, hip)
  ctx.lineTo(x + height * 0.02 * dir, shoulder)
  ctx.stroke()
  ctx.lineWidth = height * 0.075
  ctx.beginPath()
  if (umbrella) {
    ctx.moveTo(x + height * 0.02 * dir, shoulder + height * 0.03)
    ctx.lineTo(x + height * 0.12 * dir, shoulder + height * 0.1)
    ctx.lineTo(x + height * 0.1 * dir, shoulder - height * 0.12)
  } else {
    for (const s of [-swing, swing]) {
      ctx.moveTo(x + height * 0.02 * dir, shoulder + height * 0.03)
      ctx.lineTo(x + s * height * 0.13 * dir, shoulder + height * 0.3)
    }
  }
  ctx.stroke()
  ctx.beginPath()
  ctx.arc(x + height * 0.03 * dir, shoulder - height * 0.09, height * 0.075, 0, Math.PI * 2)
  ctx.fill()
  if (umbrella) {
    const cx = x + height * 0.1 * dir
    const cy = shoulder - height * 0.14
    ctx.save()
    ctx.fillStyle = umbrella
    ctx.beginPath()
    ctx.ellipse(cx, cy, height * 0.34, height * 0.16, 0, Math.PI, Math.PI * 2)
    ctx.closePath()
    ctx.fill()
    ctx.restore()
  }
}

/** A four-legged animal (deer, horse, dog, by proportions) walking with diagonal leg pairs. */
export function quadruped(
  ctx: SKRSContext2D,
  x: number,
  ground: number,
  height: number,
  phase: number,
  dir: number,
  neck = 1,
): void {
  const body = height * 0.9
  const legH = height * 0.5
  const back = ground - legH - height * 0.02
  ctx.beginPath()
  ctx.ellipse(x, back - height * 0.12, body / 2, height * 0.17, 0, 0, Math.PI * 2)
  ctx.fill()
  ctx.lineWidth = height * 0.08
  ctx.beginPath()
  const legs = [
    [body * 0.36, 0],
    [body * 0.28, 0.5],
    [-body * 0.32, 0.5],
    [-body * 0.4, 0],
  ] as const
  for (const [off, shift] of legs) {
    const s = Math.sin((phase + shift) * Math.PI * 2)
    ctx.moveTo(x + off * dir, back - height * 0.05)
    ctx.lineTo(x + (off + s * height * 0.12) * dir, ground)
  }
  // Neck and head.
  const nx = x + body * 0.42 * dir
  ctx.moveTo(nx, back - height * 0.15)
  ctx.lineTo(nx + height * 0.15 * dir, back - height * (0.2 + 0.35 * neck))
  ctx.stroke()
  ctx.beginPath()
  ctx.ellipse(
    nx + height * 0.22 * dir,
    back - height * (0.2 + 0.35 * neck),
    height * 0.11,
    height * 0.065,
    0.3 * dir,
    0,
    Math.PI * 2,
  )
  ctx.fill()
}
