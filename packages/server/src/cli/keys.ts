import { randomUUID } from 'node:crypto'
import { Command } from 'commander'
import { loadConfig } from '../config.js'
import { hashKey, newApiKey } from '../http/auth.js'
import { openPorts } from '../main.js'
import { newWebhookSecret } from '../webhooks/webhook-secret.js'
import { UsageError } from './cli-error.js'
import { printResult, withJson, type JsonOption } from './output.js'
import { runAction } from './run-action.js'

const PROJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const PROJECT_RULE = '--project must be 1-64 letters, digits, dots, dashes or underscores'

/**
 * `kinora keys create --project NAME`: a new API key, printed once and stored hashed.
 * `kinora keys webhook-secret --project NAME [--rotate]`: the project's callback signing secret.
 * Without `--json` stdout holds only the secret, for `$(kinora keys create …)`; with it,
 * `{"project", "api_key"}` or `{"project", "webhook_secret"}`.
 */
export function keysCommand(): Command {
  const keys = new Command('keys').description('manage API keys and webhook secrets')
  withJson(
    keys
      .command('create')
      .description('create an API key for a project (once a key exists, the API requires one)')
      .requiredOption('--project <name>', 'the project the key belongs to')
      .option('--data-dir <dir>', 'data folder of the server (default ./.kinora)'),
  ).action(
    runAction(async (opts: JsonOption & { project: string; dataDir?: string }) => {
      if (!PROJECT.test(opts.project)) throw new UsageError(PROJECT_RULE)
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
        printResult(opts, { project: opts.project, api_key: secret }, () => secret)
        console.error(
          `Key created for project ${opts.project}. It is shown only once; keep it safe.`,
        )
      } finally {
        await queue.close()
        await store.close()
        await blobs.close()
      }
    }),
  )
  withJson(
    keys
      .command('webhook-secret')
      .description("show a project's callback signing secret (created on first use), or rotate it")
      .requiredOption('--project <name>', 'the project whose callbacks it signs')
      .option('--rotate', 'replace the secret; callbacks signed from now on use the new one')
      .option('--data-dir <dir>', 'data folder of the server (default ./.kinora)'),
  ).action(
    runAction(
      async (opts: JsonOption & { project: string; rotate?: boolean; dataDir?: string }) => {
        if (!PROJECT.test(opts.project)) throw new UsageError(PROJECT_RULE)
        const config = loadConfig({ dataDir: opts.dataDir })
        const { store, queue, blobs, webhooks } = await openPorts(config, () => '')
        try {
          const now = Date.now()
          let secret: string
          if (opts.rotate) {
            secret = newWebhookSecret()
            await webhooks.setSecret(opts.project, secret, now)
          } else {
            secret = await webhooks.ensureSecret(opts.project, newWebhookSecret(), now)
          }
          printResult(opts, { project: opts.project, webhook_secret: secret }, () => secret)
          console.error(
            `Verify the webhook-signature header of ${opts.project}'s callbacks with this secret ` +
              '(Standard Webhooks; e.g. the standardwebhooks package).',
          )
        } finally {
          await queue.close()
          await store.close()
          await blobs.close()
        }
      },
    ),
  )
  return keys
}
