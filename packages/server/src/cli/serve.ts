import { Command } from 'commander'
import { loadConfig } from '../config.js'
import { openKinora } from '../main.js'
import { integer } from './options.js'

/** `kinora serve`: the API with an in-process worker (unless --no-worker) on the embedded default. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the API (and render in-process unless --no-worker)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)', integer)
    .option('--data-dir <dir>', 'where tasks and files live (default ./.kinora)')
    .option('--workers <n>', 'renders at a time in this process (default 1)', integer)
    .option('--no-worker', 'serve the API only; run `kinora worker` elsewhere')
    .action(
      async (opts: {
        host?: string
        port?: number
        dataDir?: string
        workers?: number
        worker: boolean
      }) => {
        const config = loadConfig({
          host: opts.host,
          port: opts.port,
          dataDir: opts.dataDir,
          workers: opts.worker ? opts.workers : 0,
        })
        const kinora = await openKinora(config)
        let closing = false
        const shutdown = (signal: string) => {
          if (closing) return
          closing = true
          kinora.app.log.info({ signal }, 'shutting down')
          kinora.close().then(
            () => process.exit(0),
            () => process.exit(1),
          )
        }
        process.on('SIGINT', () => shutdown('SIGINT'))
        process.on('SIGTERM', () => shutdown('SIGTERM'))
        const url = await kinora.listen()
        kinora.app.log.info(`Kinora ${url}  (API ${url}/api/v3, docs ${url}/docs)`)
      },
    )
}
