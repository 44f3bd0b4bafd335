import { createGradeLayer } from './grade.js'
import type { Build, Layer } from './layer.js'
import { createBirdLayer } from './layers/birds.js'
import { createCliffLayers } from './layers/cliff.js'
import { createCloudLayers } from './layers/clouds.js'
import { createInteriorLayer } from './layers/interior.js'
import type { Landmark } from './layers/lighthouse.js'
import {
  createBalloonLayer,
  createBoatLayer,
  createForegroundTrees,
  createHouseLayer,
  createStandaloneLighthouse,
} from './layers/props.js'
import { createSkyLayers } from './layers/sky.js'
import { createSkylineLayers } from './layers/skyline.js'
import { createSpaceLayers } from './layers/space.js'
import { createStreetLayer } from './layers/street.js'
import { createBeachLayers, createCrestLayer } from './layers/surf.js'
import { createTerrainLayers } from './layers/terrain.js'
import { createCarLayers, createTrainLayer } from './layers/vehicles.js'
import { createWalkerLayers } from './layers/walkers.js'
import { createWaterLayer } from './layers/water.js'
import { createLightningLayers, createPrecipitationLayer } from './layers/weather.js'
import { createRng } from './prng.js'
import type { Setting } from './scene.js'

const WATERSIDE = new Set<Setting>(['beach', 'ocean', 'lake'])

/**
 * The scene's layers in painting order: sky, far to near, then screen-space weather and the grade.
 * An interior is an outdoor view (chosen by seed) seen through a window layer.
 */
export function buildStack(build: Build): Layer[] {
  const rng = createRng(build.seed, 'stack')
  const interior = build.scene.setting === 'interior'
  const view: Setting = interior
    ? rng.pick(['countryside', 'city', 'lake'] as const)
    : build.scene.setting
  const b: Build = { ...build, scene: { ...build.scene, setting: view } }
  const { scene } = b
  const has = (s: (typeof scene.subjects)[number]) => scene.subjects.includes(s)
  const street = view === 'city' && scene.features.includes('street')
  const waterfront = view === 'city' && !street && rng.chance(0.5)
  const water = WATERSIDE.has(view) || waterfront
  const [bolt, flash] = createLightningLayers(b)
  const layers: Layer[] = [...createSkyLayers(b)]
  if (view === 'space') layers.push(...createSpaceLayers(b))
  layers.push(...createCloudLayers(b))
  if (bolt) layers.push(bolt)
  if (has('balloon')) layers.push(createBalloonLayer(b))
  layers.push(...createTerrainLayers(b))
  if (view === 'city' && !street) layers.push(...createSkylineLayers(b))
  if (!water && view !== 'space' && !street) {
    if (has('house')) layers.push(createHouseLayer(b))
    if (has('train')) layers.push(createTrainLayer(b))
  }
  let landmark: Landmark | undefined
  if (water) {
    layers.push(createWaterLayer(b))
    if (has('boat')) layers.push(createBoatLayer(b))
    const rough = scene.features.includes('waves') || ['wind', 'storm'].includes(scene.weather)
    if (view !== 'lake' || rough) layers.push(createCrestLayer(b, rough ? 7 : 4))
    if (view === 'beach') layers.push(...createBeachLayers(b))
    if (scene.features.includes('cliff') || has('lighthouse')) {
      const cliff = createCliffLayers(b)
      layers.push(...cliff.layers)
      landmark = cliff.landmark
    }
  } else if (has('lighthouse')) {
    layers.push(...createStandaloneLighthouse(b))
  }
  if (street) layers.push(createStreetLayer(b))
  layers.push(...createCarLayers(b), ...createWalkerLayers(b))
  if (has('seagulls') || has('birds')) layers.push(createBirdLayer(b, landmark))
  if (has('tree') && view !== 'space' && !street) layers.push(createForegroundTrees(b))
  if (interior) layers.push(createInteriorLayer(b))
  const precipitation = interior ? undefined : createPrecipitationLayer(b)
  if (precipitation) layers.push(precipitation)
  if (flash) layers.push(flash)
  layers.push(createGradeLayer(b.stage, scene.mood, b.seed))
  return layers
}
