import type { Scene } from '../scene.js'
import type { Timeline } from '../timeline.js'
import { addBirds } from './birds.js'
import { addCity } from './city.js'
import { addCrowd } from './crowd.js'
import { addMotor, addTrain } from './motor.js'
import { addFire } from './fire.js'
import { addFootsteps, type Ground } from './footsteps.js'
import { addRain } from './rain.js'
import type { SoundWord } from './sound-words.js'
import { addStream } from './stream.js'
import { addThunder } from './thunder.js'
import { createStereo, type Stereo } from './wav.js'
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

/** The effects bus and the names of the sounds on it (kept in the task notes). */
export interface Effects {
  sound: Stereo
  names: string[]
}

function ground(scene: Scene): Ground {
  if (scene.weather === 'rain' || scene.weather === 'storm') return 'wet'
  if (scene.weather === 'snow' || scene.setting === 'snowfield') return 'snow'
  if (scene.setting === 'beach' || scene.setting === 'desert') return 'sand'
  return scene.setting === 'city' ? 'hard' : 'soft'
}

/**
 * The sounds of the scene (issue 4, "Sound effects"), chosen from the same scene the picture is
 * drawn from and timed to its events: rain and wind for the weather, surf on the swell, the city's
 * hum with a pass for every car, birds by day, thunder on every flash, footsteps on every footfall
 * of the walkers, a murmur for a crowd, the train as it crosses; and a fire, running water or a
 * motor when the prompt names one. Indoors, the weather and the city are heard muffled. Each
 * sound is synthesised in paced blocks (pace.ts), one after another, in this order.
 */
export async function renderEffects(
  scene: Scene,
  timeline: Timeline,
  seed: number,
  words: ReadonlySet<SoundWord>,
): Promise<Effects> {
  const sound = createStereo(timeline.duration)
  const names: string[] = []
  const use = async (name: string, add: () => Promise<void>) => {
    await add()
    names.push(name)
  }
  const outdoor = scene.setting !== 'interior' && scene.setting !== 'space'
  const rainy = scene.weather === 'rain' || scene.weather === 'storm'
  const muffle = scene.setting === 'interior' ? 0.35 : 1
  if (rainy) await use('rain', () => addRain(sound, seed, 0.22 * muffle, scene.weather === 'storm'))
  if (['wind', 'storm', 'snow'].includes(scene.weather) || scene.setting === 'snowfield') {
    await use('wind', () => addWind(sound, seed, 0.3 * muffle))
  }
  if (['ocean', 'beach'].includes(scene.setting) || scene.features.includes('waves')) {
    await use('sea waves', () => addWaves(sound, seed, 0.3, timeline.swell))
  } else if (scene.setting === 'lake') {
    await use('lapping water', () => addWaves(sound, seed, 0.08, timeline.swell))
  }
  if (scene.setting === 'city') {
    await use('city traffic', () => addCity(sound, seed, 0.25 * muffle, timeline.cars, rainy))
  }
  const birds = scene.subjects.includes('birds') || scene.subjects.includes('seagulls')
  if (outdoor && !rainy && (birds || (NATURE.has(scene.setting) && DAYLIGHT.has(scene.time)))) {
    const gulls = scene.subjects.includes('seagulls')
    await use(gulls ? 'gulls' : 'birdsong', () => addBirds(sound, seed, 0.5, gulls))
  }
  if (timeline.lightning.length > 0) {
    await use('thunder', () => addThunder(sound, seed, 1.2, timeline.lightning))
  }
  if (timeline.steps.length > 0) {
    await use('footsteps', () => addFootsteps(sound, seed, 1, timeline.steps, ground(scene)))
  }
  if (scene.subjects.includes('crowd')) await use('crowd murmur', () => addCrowd(sound, seed, 0.12))
  const train = timeline.train
  if (train) await use('train', () => addTrain(sound, seed, 0.3, train))
  if (words.has('fire')) await use('fire', () => addFire(sound, seed, 0.35))
  if (words.has('stream')) await use('running water', () => addStream(sound, seed, 0.3))
  if (words.has('engine')) await use('engine', () => addMotor(sound, seed, 0.3))
  return { sound, names }
}
