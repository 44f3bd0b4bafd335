import { createCanvas, type Canvas } from '@napi-rs/canvas'
import { createCamera, type Camera } from './camera.js'
import { createLighting } from './lighting.js'
import type { Build, Layer } from './layer.js'
import { createRng } from './prng.js'
import type { Scene } from './scene.js'
import { buildStack } from './stack.js'
import { createStage, type Stage } from './stage.js'
import { planTimeline, type Timeline } from './timeline.js'

/** Renders the frames of one clip; the encoder pulls them one by one. */
export interface FrameRenderer {
  stage: Stage
  timeline: Timeline
  /** The canvas holding the last rendered frame; overwritten by the next call. */
  canvas: Canvas
  /** Draws frame `index` (0-based) and returns its canvas. */
  render(index: number): Canvas
}

/** What the renderer needs to know about the clip. */
export interface RenderSpec {
  scene: Scene
  width: number
  height: number
  fps: number
  duration: number
  seed: number
  /** The clip's planned events, when the caller already planned them (for the soundtrack). */
  timeline?: Timeline
}

/**
 * Bakes every layer of the scene once, then composes frames from them with native drawImage calls
 * only (draft-engine.md "Budget": per-frame work is composition of precomputed layers).
 */
export function createFrameRenderer(spec: RenderSpec): FrameRenderer {
  const { scene, seed } = spec
  const stage = createStage(scene, spec)
  const camera: Camera = createCamera(scene, stage, createRng(seed, 'camera'))
  const timeline = spec.timeline ?? planTimeline(scene, spec.duration, seed)
  const light = createLighting(scene, createRng(seed, 'lighting'))
  const build: Build = { scene, stage, camera, light, timeline, seed }
  const layers: Layer[] = buildStack(build)
  const canvas = createCanvas(stage.width, stage.height)
  const ctx = canvas.getContext('2d', { alpha: false })
  return {
    stage,
    timeline,
    canvas,
    render: (index) => {
      const t = index / stage.fps
      const pose = camera.pose(t)
      const frame = { index, t, pose, target: canvas }
      for (const layer of layers) {
        if (layer.depth === 'screen') ctx.setTransform(1, 0, 0, 1, 0, 0)
        else ctx.setTransform(...camera.matrix(pose, layer.depth))
        ctx.imageSmoothingEnabled = layer.sharp
        layer.draw(ctx, frame)
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      return canvas
    },
  }
}
