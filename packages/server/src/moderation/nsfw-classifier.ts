import { Worker } from 'node:worker_threads'
import type { ImageClass, ImageClassifier, RgbImage } from './image-classifier.js'

const SIZE = 224

/**
 * The model's thread (evaluated as CommonJS): loads tfjs, its wasm backend and the model on the
 * first image, then answers each image with its predictions. A failed load is not kept: the next
 * image tries again. Modules come by the URLs this module resolves (`workerData.modules`): nsfwjs
 * by its ESM build, whose model loads in a fraction of the time its CommonJS build takes.
 */
const MODEL_THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const { fileURLToPath } = require('node:url')
const { dirname, join } = require('node:path')
const { modules, size } = workerData
// nsfwjs prints a notice as its model loads; stdout belongs to the CLI's --json output.
console.log = console.info = console.warn
let loading
function loadModel() {
  loading ??= (async () => {
    const tf = await import(modules.tfjs)
    const { setWasmPaths } = await import(modules.wasm)
    setWasmPaths(join(dirname(fileURLToPath(modules.wasmPackage)), 'dist') + '/')
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend did not start')
    tf.enableProdMode()
    const { load } = await import(modules.core)
    const { MobileNetV2Model } = await import(modules.mobilenet)
    const model = await load('MobileNetV2', { modelDefinitions: [MobileNetV2Model], size })
    return { tf, model }
  })()
  loading.catch(() => (loading = undefined))
  return loading
}
parentPort.on('message', async ({ id, data, width, height }) => {
  try {
    const { tf, model } = await loadModel()
    const input = tf.tensor3d(new Uint8Array(data), [height, width, 3], 'int32')
    try {
      parentPort.postMessage({ id, predictions: await model.classify(input, 5) })
    } finally {
      input.dispose()
    }
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) })
  }
})
`

/** Where the model thread imports its modules from, resolved as this module would import them. */
const modelModules = () => ({
  tfjs: import.meta.resolve('@tensorflow/tfjs'),
  wasm: import.meta.resolve('@tensorflow/tfjs-backend-wasm'),
  wasmPackage: import.meta.resolve('@tensorflow/tfjs-backend-wasm/package.json'),
  core: import.meta.resolve('nsfwjs/core'),
  mobilenet: import.meta.resolve('nsfwjs/models/mobilenet_v2'),
})

type Predictions = Array<{ className: string; probability: number }>

interface Reply {
  id: number
  predictions?: Predictions
  error?: string
}

interface ModelThread {
  classify(image: RgbImage): Promise<Predictions>
}

let thread: ModelThread | undefined

/** The process's model thread, started on first use; a crashed one is replaced on the next. */
function modelThread(): ModelThread {
  if (thread) return thread
  const worker = new Worker(MODEL_THREAD, {
    eval: true,
    workerData: { modules: modelModules(), size: SIZE },
  })
  // An idle model thread does not keep the process alive.
  worker.unref()
  const pending = new Map<number, { resolve(r: Reply): void; reject(err: Error): void }>()
  let next = 0
  const fail = (err: Error) => {
    if (thread === current) thread = undefined
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  worker.on('message', (reply: Reply) => {
    pending.get(reply.id)?.resolve(reply)
    pending.delete(reply.id)
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the image model's thread exited with ${code}`)))
  const current: ModelThread = {
    async classify(image) {
      // A copy the thread owns: frames are views into ffmpeg's whole output.
      const data = Uint8Array.from(image.data).buffer
      const reply = await new Promise<Reply>((resolve, reject) => {
        const id = next++
        pending.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage({ id, data, width: image.width, height: image.height }, [data])
      }).finally(() => {
        if (pending.size === 0) worker.unref()
      })
      if (reply.error !== undefined) throw new Error(`nsfwjs: ${reply.error}`)
      return reply.predictions!
    },
  }
  thread = current
  return current
}

/**
 * The image classifier behind the default policy's image and output-frame checks (spec §2.7):
 * nsfwjs's MobileNetV2 on TensorFlow.js's wasm backend, entirely from node_modules (the weights
 * ship inside the nsfwjs package as modules, the `.wasm` inside tfjs-backend-wasm). It runs in a
 * thread of its own, one per process, started on first use: loading it takes about a second and
 * each image tens to hundreds of milliseconds of synchronous inference, which on the main thread
 * would stall the API served by the same process (the embedded default).
 */
export function createNsfwClassifier(): ImageClassifier {
  return {
    size: SIZE,
    async classify(image) {
      const scores = { Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0 }
      for (const p of await modelThread().classify(image)) {
        scores[p.className as ImageClass] = p.probability
      }
      return scores
    },
  }
}
