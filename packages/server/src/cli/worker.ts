import { Command } from 'commander'
import { loadConfig } from '../config.js'
import { openKinora } from '../main.js'
import { integer } from './options.js'

/**
 * `kinora worker`: renders tasks from the shared queue and sweeps expired and stalled tasks, with
 * no HTTP listener (docs/scale-out.md). It shares nothing with API processes but the database and
 * the blob store. SIGTERM stops claiming and hands running tasks back to the queue.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('render queued tasks without serving the API (scale-out)')
    .option('--concurrency <n>', 'renders at a time in this process (default 1)', integer)
    .option('--data-dir <dir>', 'scratch space for renders (default ./.kinora)')
    .action(async (opts: { concurrency?: number; dataDir?: string }) => {
      const config = loadConfig({ dataDir: opts.dataDir, workers: opts.concurrency })
      if (config.workers < 1) {
        throw new Error(`kinora worker needs --concurrency 1 or more, got ${config.workers}`)
      }
      // The app is built but never listens: the worker reuses the composition root's wiring.
      const kinora = await openKinora(config)
      let closing = false
      const shutdown = (signal: string) => {
        if (closing) return
        closing = true
        kinora.app.log.info({ signal }, 'stopping: running tasks go back to the queue')
        kinora.close().then(
          () => process.exit(0),
          () => process.exit(1),
        )
      }
      process.on('SIGINT', () => shutdown('SIGINT'))
      process.on('SIGTERM', () => shutdown('SIGTERM'))
      kinora.app.log.info({ concurrency: config.workers }, 'Kinora worker started')
    })
}
