import { Command, CommanderError } from 'commander'
import { ConfigError } from '../config.js'
import { VERSION } from '../main.js'
import { assetsCommand } from './assets.js'
import { generateCommand } from './generate.js'
import { keysCommand } from './keys.js'
import { serveCommand } from './serve.js'
import { tasksCommand } from './tasks.js'
import { workerCommand } from './worker.js'

// stdout holds results only (`--json` documents, keys); libraries that announce themselves with
// console.log or console.info (nsfwjs does, when the image moderation model loads) go to stderr.
console.log = console.info = console.debug = console.error

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

/**
 * Commander has printed its message (unknown option, bad value, missing argument); a command line
 * that cannot work exits 2, like the commands' own usage errors. Help and version exit 0.
 */
const usageExit = (command: Command): void => {
  command.exitOverride((err: CommanderError) => {
    throw err
  })
  command.commands.forEach(usageExit)
}
usageExit(program)

program.parseAsync().catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2)
  if (err instanceof ConfigError) console.error(err.message)
  else console.error(`kinora: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
