import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { NSFWJS } from 'nsfwjs/core'
import type { ImageClass, ImageClassifier } from './image-classifier.js'

type Tf = typeof import('@tensorflow/tfjs')

const require = createRequire(import.meta.url)
const SIZE = 224

let loading: Promise<{ tf: Tf; model: NSFWJS }> | undefined

/**
 * nsfwjs's MobileNetV2 on TensorFlow.js's wasm backend, loaded once per process on first use and
 * entirely from node_modules: the weights ship inside the nsfwjs package (imported as modules) and
 * the `.wasm` inside tfjs-backend-wasm (`setWasmPaths` with a file path), so nothing is fetched.
 * About half a second to load, tens of milliseconds per image.
 */
function loadModel() {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs')
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm')
    const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json')
    setWasmPaths(`${join(dirname(pkg), 'dist')}/`)
    if (!(await tf.setBackend('wasm'))) {
      throw new Error('the TensorFlow.js wasm backend did not start')
    }
    tf.enableProdMode()
    const { load } = await import('nsfwjs/core')
    const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2')
    const model = await load('MobileNetV2', { modelDefinitions: [MobileNetV2Model], size: SIZE })
    return { tf, model }
  })()
  // A failed load is not cached: the next check tries again.
  loading.catch(() => (loading = undefined))
  return loading
}

/** The image classifier behind the default policy's image and output-frame checks (spec §2.7). */
export function createNsfwClassifier(): ImageClassifier {
  return {
    size: SIZE,
    async classify(image) {
      const { tf, model } = await loadModel()
      const input = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32')
      try {
        const predictions = await model.classify(input, 5)
        const scores = { Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0 }
        for (const p of predictions) scores[p.className as ImageClass] = p.probability
        return scores
      } finally {
        input.dispose()
      }
    },
  }
}
