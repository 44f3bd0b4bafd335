import { Kinora as Client } from '@kinora/client'
import { Command } from 'commander'
import { integer } from './options.js'

interface Remote {
  server?: string
  apiKey?: string
}

const clientOf = (o: Remote) =>
  new Client({
    ...(o.server ? { baseURL: o.server } : {}),
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
  })

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2))

/** `kinora tasks get|list|cancel` against a running server (KINORA_BASE_URL, KINORA_API_KEY). */
export function tasksCommand(): Command {
  const tasks = new Command('tasks').description('inspect and cancel tasks on a server')
  const remote = (c: Command) =>
    c
      .option(
        '--server <url>',
        'server base URL (default KINORA_BASE_URL or http://127.0.0.1:8080)',
      )
      .option('--api-key <key>', 'API key (default KINORA_API_KEY)')
  remote(tasks.command('get').argument('<id>').description('show one task')).action(
    async (id: string, o: Remote) => print(await clientOf(o).tasks.get(id)),
  )
  remote(
    tasks
      .command('list')
      .description('list tasks, newest first')
      .option('--status <status>', 'only tasks in this status')
      .option('--page <n>', 'page number', integer, 1)
      .option('--page-size <n>', 'tasks per page', integer, 10),
  ).action(async (o: Remote & { status?: string; page: number; pageSize: number }) =>
    print(
      await clientOf(o).tasks.list({
        page_num: o.page,
        page_size: o.pageSize,
        ...(o.status ? { status: o.status as 'queued' } : {}),
      }),
    ),
  )
  remote(
    tasks
      .command('cancel')
      .argument('<id>')
      .description('cancel a queued task (or, with --force, a running one); deletes a finished one')
      .option('--force', 'also stop a running task'),
  ).action(async (id: string, o: Remote & { force?: boolean }) => {
    await clientOf(o).tasks.delete(id, { force: o.force === true })
    console.error(`task ${id}: done`)
  })
  return tasks
}
