import type { SKRSContext2D } from '@napi-rs/canvas'
import { createCamera } from '../camera.js'
import { mix, type Rgb } from '../color.js'
import type { Build, FrameInfo, Layer } from '../layer.js'
import { createFog } from '../layers/fog.js'
import { createLightningLayers, createPrecipitationLayer } from '../layers/weather.js'
import { LEXICON } from '../lexicon.js'
import { createLighting } from '../lighting.js'
import { createRng } from '../prng.js'
import type { Scene } from '../scene.js'
import { createStage } from '../stage.js'
import type { Timeline } from '../timeline.js'

/** An effect drawn over the moving image in screen space, for frame `index` at `t` seconds. */
export type ImageEffect = (ctx: SKRSContext2D, index: number, t: number) => void

/** Effects come in over this many seconds, so the first frame stays the image itself. */
const FADE_IN = 0.6

const mentions = (prompt: string, words: readonly string[]) =>
  new RegExp(`\\b(${words.map((w) => w.replace(/[^a-z0-9 ]/gi, '.')).join('|')})s?\\b`, 'i').test(
    prompt,
  )

const SWEEP_WORDS = [
  'light sweep',
  'sweeping light',
  'light leak',
  'sunbeam',
  'sun beam',
  'god rays',
  'light rays',
  'glint',
  'gleam',
  'shimmer',
  'lens flare',
]

/** Which effects a prompt names: weather the prompt itself said (never one the seed chose). */
function namedEffects(scene: Scene, prompt: string) {
  const said = scene.origin.weather.startsWith('prompt:')
  return {
    rain: said && (scene.weather === 'rain' || scene.weather === 'storm'),
    lightning: said && scene.weather === 'storm',
    snow: said && scene.weather === 'snow',
    mist: (said && scene.weather === 'fog') || mentions(prompt, LEXICON.weather.fog),
    sweep: mentions(prompt, SWEEP_WORDS),
  }
}

/**
 * The effects a prompt names over a still image (draft-engine.md "Using the inputs"), reusing
 * the text scene's own layers: rain streaks and splashes or snowflakes (layers/weather.ts), the
 * lightning flash of a storm, drifting mist (layers/fog.ts) tinted by the image's mean colour,
 * and a soft diagonal light sweep. All in screen space, faded in from nothing at frame 0.
 */
export function createImageEffects(input: {
  scene: Scene
  prompt: string
  timeline: Timeline
  width: number
  height: number
  fps: number
  duration: number
  seed: number
  /** The image's mean colour: mist takes its hue so it belongs to the picture. */
  mean: Rgb
}): ImageEffect[] {
  const { scene, width: w, height: h } = input
  const named = namedEffects(scene, input.prompt)
  const still: Scene = { ...scene, camera: 'static', handheld: false }
  const stage = createStage(still, input)
  const build: Build = {
    scene: still,
    stage,
    camera: createCamera(still, stage, createRng(input.seed, 'image-effects')),
    light: createLighting(still, createRng(input.seed, 'lighting')),
    timeline: input.timeline,
    seed: input.seed,
  }
  const layers: Layer[] = []
  if (named.mist) {
    const color = mix([236, 238, 242], input.mean, 0.3)
    const drift = stage.unit * 0.02
    layers.push(
      createFog(build, {
        name: 'mist-far',
        depth: 0.3,
        y: h * 0.6,
        thickness: h * 0.16,
        alpha: 0.5,
        color,
        speed: drift,
      }),
      createFog(build, {
        name: 'mist-near',
        depth: 0.6,
        y: h * 0.9,
        thickness: h * 0.1,
        alpha: 0.4,
        color,
        speed: -drift * 1.6,
      }),
    )
  }
  if (named.rain || named.snow) {
    const weather = named.snow ? 'snow' : scene.weather
    const precipitation = createPrecipitationLayer({ ...build, scene: { ...still, weather } })
    if (precipitation) layers.push(precipitation)
  }
  if (named.lightning) {
    const flash = createLightningLayers(build)[1]
    if (flash) layers.push(flash)
  }
  const pose = build.camera.pose(0)
  const effects: ImageEffect[] = layers.map((layer) => (ctx, index, t) => {
    const frame: FrameInfo = { index, t, pose, target: ctx.canvas }
    ctx.globalAlpha = Math.min(1, t / FADE_IN)
    layer.draw(ctx, frame)
    ctx.globalAlpha = 1
  })
  if (named.sweep) effects.push(lightSweep(w, h, input.duration))
  return effects
}

/** A soft band of light crossing the frame diagonally once, added with `screen`. */
function lightSweep(w: number, h: number, duration: number): ImageEffect {
  const band = Math.max(w, h) * 0.35
  return (ctx, _index, t) => {
    const u = duration > 0 ? t / duration : 0
    const centre = -band + (w + 2 * band) * (0.5 - 0.5 * Math.cos(Math.PI * u))
    const dx = band * Math.cos(-0.35)
    const dy = band * Math.sin(-0.35)
    const gradient = ctx.createLinearGradient(centre - dx, h / 2 - dy, centre + dx, h / 2 + dy)
    gradient.addColorStop(0, 'rgba(255,248,230,0)')
    gradient.addColorStop(0.5, `rgba(255,248,230,${0.32 * Math.min(1, t / FADE_IN)})`)
    gradient.addColorStop(1, 'rgba(255,248,230,0)')
    ctx.globalCompositeOperation = 'screen'
    ctx.fillStyle = gradient
    ctx.fillRect(0, 0, w, h)
    ctx.globalCompositeOperation = 'source-over'
  }
}
