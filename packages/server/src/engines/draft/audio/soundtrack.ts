import type { Scene } from '../scene.js'
import type { Timeline } from '../timeline.js'
import { addBirds } from './birds.js'
import { addCity } from './city.js'
import { addMusic } from './music.js'
import { addRain } from './rain.js'
import { addThunder } from './thunder.js'
import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'
import { addWaves } from './waves.js'
import { addWind } from './wind.js'

const NATURE = new Set([
  'forest',
  'countryside',
  'lake',
  'mountains',
  'beach',
  'ocean',
  'snowfield',
  'desert',
])
const DAYLIGHT = new Set(['dawn', 'morning', 'noon', 'golden'])

/** Target loudness as RMS (about -20 dBFS) and the ceiling the limiter keeps peaks under. */
const TARGET_RMS = 0.1
const CEILING = 0.89

/**
 * The clip's sound bed: ambience for the setting and weather, timed to the same events as the
 * picture (thunder after each flash, surf on the swell, a pass for every car), over a music bed for
 * the mood; then levelled to a steady loudness with a soft limiter and short fades at both ends.
 */
export function renderSoundtrack(scene: Scene, timeline: Timeline, seed: number): Stereo {
  const sound = createStereo(timeline.duration)
  const outdoor = scene.setting !== 'interior' && scene.setting !== 'space'
  const rainy = scene.weather === 'rain' || scene.weather === 'storm'
  const muffle = scene.setting === 'interior' ? 0.35 : 1
  if (rainy) addRain(sound, seed, 0.22 * muffle, scene.weather === 'storm')
  if (['wind', 'storm', 'snow'].includes(scene.weather) || scene.setting === 'snowfield') {
    addWind(sound, seed, 0.3 * muffle)
  }
  if (['ocean', 'beach'].includes(scene.setting) || scene.features.includes('waves')) {
    addWaves(sound, seed, 0.3, timeline.swell)
  } else if (scene.setting === 'lake') {
    addWaves(sound, seed, 0.08, timeline.swell)
  }
  if (scene.setting === 'city') addCity(sound, seed, 0.25 * muffle, timeline.cars, rainy)
  const birds = scene.subjects.includes('birds') || scene.subjects.includes('seagulls')
  if (outdoor && !rainy && (birds || (NATURE.has(scene.setting) && DAYLIGHT.has(scene.time)))) {
    addBirds(sound, seed, 0.5, scene.subjects.includes('seagulls'))
  }
  if (timeline.lightning.length > 0) addThunder(sound, seed, 1.2, timeline.lightning)
  addMusic(sound, scene, seed, 1)
  master(sound)
  return sound
}

/** Gain to the target RMS, soft-knee limiting above the ceiling, 20 ms fades in and out. */
function master(sound: Stereo): void {
  const { left, right } = sound
  let sum = 0
  for (let i = 0; i < left.length; i++) sum += left[i]! * left[i]! + right[i]! * right[i]!
  const rms = Math.sqrt(sum / (2 * Math.max(1, left.length)))
  const gain = rms > 0 ? Math.min(8, TARGET_RMS / rms) : 1
  const fade = Math.floor(0.02 * SAMPLE_RATE)
  const limit = (x: number) => {
    const a = Math.abs(x)
    if (a <= CEILING) return x
    const over = (a - CEILING) / (1 - CEILING)
    return Math.sign(x) * (CEILING + (1 - CEILING) * (over / (1 + over)))
  }
  for (let i = 0; i < left.length; i++) {
    const edge = Math.min(1, i / fade, (left.length - 1 - i) / fade)
    left[i] = limit(left[i]! * gain) * edge
    right[i] = limit(right[i]! * gain) * edge
  }
}
