import type { SKRSContext2D } from '@napi-rs/canvas'
import type { Rng } from '../prng.js'

/**
 * Tree silhouettes as canvas paths, instanced along ridges and as foreground subjects. Only the
 * path is built here; the caller picks the fill so distance haze and night darkness stay its call.
 */
export function conifer(
  ctx: SKRSContext2D,
  x: number,
  ground: number,
  height: number,
  rng: Rng,
): void {
  const tiers = 3
  const w = height * rng.range(0.32, 0.42)
  ctx.moveTo(x - height * 0.03, ground)
  ctx.lineTo(x - height * 0.03, ground - height * 0.15)
  for (let i = 0; i < tiers; i++) {
    const base = ground - height * (0.12 + i * 0.27)
    const half = (w / 2) * (1 - i * 0.25)
    ctx.lineTo(x - half, base)
    ctx.lineTo(x - half * 0.35, base - height * 0.3)
  }
  ctx.lineTo(x, ground - height)
  for (let i = tiers - 1; i >= 0; i--) {
    const base = ground - height * (0.12 + i * 0.27)
    const half = (w / 2) * (1 - i * 0.25)
    ctx.lineTo(x + half * 0.35, base - height * 0.3)
    ctx.lineTo(x + half, base)
  }
  ctx.lineTo(x + height * 0.03, ground - height * 0.15)
  ctx.lineTo(x + height * 0.03, ground)
  ctx.closePath()
}

/** A round-crowned broadleaf tree: trunk plus a cluster of overlapping discs. */
export function broadleaf(
  ctx: SKRSContext2D,
  x: number,
  ground: number,
  height: number,
  rng: Rng,
): void {
  const trunk = height * 0.05
  ctx.rect(x - trunk / 2, ground - height * 0.45, trunk, height * 0.45)
  const crown = height * 0.32
  const cy = ground - height * 0.62
  for (let i = 0; i < 6; i++) {
    const a = (i / 6) * Math.PI * 2 + rng.range(0, 0.5)
    const r = crown * rng.range(0.45, 0.7)
    const px = x + Math.cos(a) * crown * 0.55
    const py = cy + Math.sin(a) * crown * 0.42
    ctx.moveTo(px + r, py)
    ctx.arc(px, py, r, 0, Math.PI * 2)
  }
  ctx.moveTo(x + crown * 0.7, cy)
  ctx.arc(x, cy, crown * 0.7, 0, Math.PI * 2)
}

/** A palm: curved trunk and drooping fronds. */
export function palm(
  ctx: SKRSContext2D,
  x: number,
  ground: number,
  height: number,
  rng: Rng,
): void {
  const lean = height * rng.range(-0.25, 0.25)
  const topX = x + lean
  const topY = ground - height
  const t = height * 0.025
  ctx.moveTo(x - t, ground)
  ctx.quadraticCurveTo(x + lean * 0.2 - t, ground - height * 0.6, topX - t * 0.6, topY)
  ctx.lineTo(topX + t * 0.6, topY)
  ctx.quadraticCurveTo(x + lean * 0.2 + t, ground - height * 0.6, x + t, ground)
  ctx.closePath()
  for (let i = 0; i < 7; i++) {
    const a = Math.PI * (0.1 + (i / 6) * 0.8) + rng.range(-0.1, 0.1)
    const len = height * rng.range(0.32, 0.45)
    const ex = topX - Math.cos(a) * len
    const ey = topY + len * 0.35 - Math.sin(a) * len * 0.25
    ctx.moveTo(topX, topY)
    ctx.quadraticCurveTo((topX + ex) / 2, topY - len * 0.3, ex, ey)
    ctx.quadraticCurveTo((topX + ex) / 2, topY - len * 0.12, topX, topY + t * 2)
  }
}
