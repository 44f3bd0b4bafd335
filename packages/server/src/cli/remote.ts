import { Kinora as Client } from '@kinora/client'
import type { Command } from 'commander'
import { withJson, type JsonOption } from './output.js'

/** The options of commands that talk to a running server. */
export interface Remote extends JsonOption {
  server?: string
  apiKey?: string
}

/**
 * Adds `--server` and `--api-key` (defaults KINORA_BASE_URL, KINORA_API_KEY) and `--json` to a
 * command: every remote command prints what the server answered.
 */
export const withRemote = (command: Command): Command =>
  withJson(
    command
      .option(
        '--server <url>',
        'server base URL (default KINORA_BASE_URL or http://127.0.0.1:8080)',
      )
      .option('--api-key <key>', 'API key (default KINORA_API_KEY)'),
  )

/** The SDK client for a command's `--server` and `--api-key`. */
export const clientOf = (o: Remote): Client =>
  new Client({
    ...(o.server ? { baseURL: o.server } : {}),
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
  })
