import { randomUUID } from 'node:crypto'
import { Command } from 'commander'
import { loadConfig } from '../config.js'
import { hashKey, newApiKey } from '../http/auth.js'
import { openPorts } from '../main.js'

/** `kinora keys create --project NAME`: a new API key, printed once and stored hashed. */
export function keysCommand(): Command {
  const keys = new Command('keys').description('manage API keys')
  keys
    .command('create')
    .description('create an API key for a project (once a key exists, the API requires one)')
    .requiredOption('--project <name>', 'the project the key belongs to')
    .option('--data-dir <dir>', 'data folder of the server (default ./.kinora)')
    .action(async (opts: { project: string; dataDir?: string }) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(opts.project)) {
        throw new Error('--project must be 1-64 letters, digits, dots, dashes or underscores')
      }
      const config = loadConfig({ dataDir: opts.dataDir })
      const { store, queue, blobs } = await openPorts(config, () => '')
      try {
        const secret = newApiKey()
        await store.createApiKey({
          id: randomUUID(),
          projectId: opts.project,
          hash: hashKey(secret),
          createdAt: Date.now(),
        })
        console.log(secret)
        console.error(
          `Key created for project ${opts.project}. It is shown only once; keep it safe.`,
        )
      } finally {
        await queue.close()
        await store.close()
        await blobs.close()
      }
    })
  return keys
}
