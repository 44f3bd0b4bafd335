import { Command } from 'commander'
import { integer } from './options.js'
import { clientOf, printJson, withRemote, type Remote } from './remote.js'

/** `kinora tasks get|list|cancel` against a running server (KINORA_BASE_URL, KINORA_API_KEY). */
export function tasksCommand(): Command {
  const tasks = new Command('tasks').description('inspect and cancel tasks on a server')
  withRemote(tasks.command('get').argument('<id>').description('show one task')).action(
    async (id: string, o: Remote) => printJson(await clientOf(o).tasks.get(id)),
  )
  withRemote(
    tasks
      .command('list')
      .description('list tasks, newest first')
      .option('--status <status>', 'only tasks in this status')
      .option('--page <n>', 'page number', integer, 1)
      .option('--page-size <n>', 'tasks per page', integer, 10),
  ).action(async (o: Remote & { status?: string; page: number; pageSize: number }) =>
    printJson(
      await clientOf(o).tasks.list({
        page_num: o.page,
        page_size: o.pageSize,
        ...(o.status ? { status: o.status as 'queued' } : {}),
      }),
    ),
  )
  withRemote(
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
