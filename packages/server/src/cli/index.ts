import { Command } from 'commander'
import { ConfigError } from '../config.js'
import { VERSION } from '../main.js'
import { assetsCommand } from './assets.js'
import { generateCommand } from './generate.js'
import { keysCommand } from './keys.js'
import { serveCommand } from './serve.js'
import { tasksCommand } from './tasks.js'
import { workerCommand } from './worker.js'

const program = new Command('kinora')
  .description('Kinora: a self-hosted video generation server speaking the Seedance 2.0 API')
  .version(VERSION)
  .showHelpAfterError()

program.addCommand(serveCommand())
program.addCommand(generateCommand())
program.addCommand(keysCommand())
program.addCommand(tasksCommand())
program.addCommand(assetsCommand())
program.addCommand(workerCommand())

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message)
  else console.error(`kinora: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
