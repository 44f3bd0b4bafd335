import { NotFoundError, type Task, type TaskStatus } from '@kinora/client'
import { Command, InvalidArgumentError } from 'commander'
import { integer } from './options.js'
import { formatFields, formatTable, printResult } from './output.js'
import { clientOf, withRemote, type Remote } from './remote.js'
import { TASK_STATUSES } from '../store/store.js'
import { runAction } from './run-action.js'

function status(value: string): TaskStatus {
  const found = TASK_STATUSES.find((s) => s === value.toLowerCase())
  if (!found) {
    throw new InvalidArgumentError(`expected one of ${TASK_STATUSES.join(', ')}, got "${value}"`)
  }
  return found
}

const created = (task: Task) => new Date(task.created_at * 1000).toISOString().slice(0, 19)

/**
 * `kinora tasks get|list|cancel` against a running server (KINORA_BASE_URL, KINORA_API_KEY).
 * With `--json` each prints the API's object (spec §2): the task, the list page, or for `cancel`
 * the task afterwards (`cancelled`), or `{}` when a finished task was deleted.
 */
export function tasksCommand(): Command {
  const tasks = new Command('tasks').description('inspect and cancel tasks on a server')
  withRemote(tasks.command('get').argument('<id>').description('show one task')).action(
    runAction(async (id: string, o: Remote) => {
      const task = await clientOf(o).tasks.get(id)
      printResult(o, task, () => formatFields(task))
    }),
  )
  withRemote(
    tasks
      .command('list')
      .description('list tasks, newest first')
      .option('--status <status>', `only tasks in this status: ${TASK_STATUSES.join(', ')}`, status)
      .option('--page <n>', 'page number', integer, 1)
      .option('--page-size <n>', 'tasks per page, at most 500', integer, 10),
  ).action(
    runAction(async (o: Remote & { status?: TaskStatus; page: number; pageSize: number }) => {
      const page = await clientOf(o).tasks.list({
        page_num: o.page,
        page_size: o.pageSize,
        ...(o.status ? { status: o.status } : {}),
      })
      printResult(o, page, () => {
        const rows = page.items.map((t) => [
          t.id,
          t.status,
          `${t.progress}%`,
          t.model,
          `${t.resolution} ${t.ratio} ${t.duration} s`,
          created(t),
        ])
        const table = formatTable(
          ['ID', 'STATUS', 'PROGRESS', 'MODEL', 'OUTPUT', 'CREATED (UTC)'],
          rows,
          'no tasks',
        )
        return `${table}\n(${page.items.length} of ${page.total}, page ${o.page})`
      })
    }),
  )
  withRemote(
    tasks
      .command('cancel')
      .argument('<id>')
      .description('cancel a queued task (or, with --force, a running one); deletes a finished one')
      .option('--force', 'also stop a running task'),
  ).action(
    runAction(async (id: string, o: Remote & { force?: boolean }) => {
      const client = clientOf(o)
      await client.tasks.delete(id, { force: o.force === true })
      const after = await client.tasks.get(id).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined
        throw err
      })
      if (after) {
        printResult(o, after, () => `task ${id}: ${after.status}`)
      } else {
        printResult(o, {}, () => `task ${id}: deleted with its files`)
      }
    }),
  )
  return tasks
}
