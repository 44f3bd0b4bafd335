import { Kinora as Client } from '@kinora/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestKinora } from '../test-kinora.js'
import { tasksCommand } from './tasks.js'
import { NO_GUARDS, runCli } from './test-cli.js'

let kinora: Awaited<ReturnType<typeof openTestKinora>>
let client: Client
let server: string
/** Moved forward to expire tasks without sleeping. */
let offsetMs = 0

beforeAll(async () => {
  kinora = await openTestKinora(
    { ...NO_GUARDS, port: 0, workers: 0 },
    { clock: { now: () => Date.now() + offsetMs } },
  )
  server = await kinora.listen()
  client = new Client({ baseURL: server, apiKey: '', maxRetries: 0 })
})
afterAll(() => kinora.dispose())

const tasks = (...args: string[]) => runCli(tasksCommand(), [...args, '--server', server])
const create = async (text: string) =>
  (
    await client.tasks.create({
      model: 'seedance-2.0',
      content: [{ type: 'text', text }],
      execution_expires_after: 3600,
    })
  ).id

describe('kinora tasks', () => {
  it('prints the API objects with --json and nothing else on stdout', async () => {
    const first = await create('a red kite over a beach')
    const second = await create('a paper boat on a pond')

    const got = await tasks('get', first, '--json')
    expect(got.exitCode).toBe(0)
    expect(JSON.parse(got.stdout)).toEqual(await client.tasks.get(first))

    const listed = await tasks('list', '--json', '--page-size', '1', '--status', 'queued')
    expect(JSON.parse(listed.stdout)).toEqual(
      await client.tasks.list({ page_size: 1, status: 'queued' }),
    )
    expect(JSON.parse(listed.stdout).items[0].id).toBe(second)

    const cancelled = await tasks('cancel', second, '--json')
    expect(cancelled.exitCode).toBe(0)
    const after = await client.tasks.get(second)
    expect(after.status).toBe('cancelled')
    expect(JSON.parse(cancelled.stdout)).toEqual(after)
  })

  it('prints a table and fields without --json', async () => {
    const id = await create('a lighthouse at dusk')
    const listed = await tasks('list', '--page-size', '100')
    const lines = listed.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+PROGRESS\s+MODEL\s+OUTPUT\s+CREATED \(UTC\)$/)
    expect(lines.find((l) => l.startsWith(id))).toMatch(/queued\s+0%\s+seedance-2\.0\s+720p/)
    const got = await tasks('get', id)
    expect(got.stdout).toMatch(new RegExp(`^id\\s+${id}$`, 'm'))
    expect(got.stdout).toMatch(/^status\s+queued$/m)
  })

  it('deletes a finished task with cancel and prints {}', async () => {
    const id = await create('a comet over snowy peaks')
    offsetMs += 3601_000
    await kinora.sweep()
    expect((await client.tasks.get(id)).status).toBe('expired')
    const run = await tasks('cancel', id, '--json')
    expect(run).toMatchObject({ exitCode: 0, stdout: '{}\n' })
    await expect(client.tasks.get(id)).rejects.toThrow(/not found/i)
  })

  it('reports a refusal as one line with its code and exits 1, stdout empty', async () => {
    const id = await create('a windmill in fog')
    await client.tasks.delete(id)
    const run = await tasks('cancel', id, '--json')
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^kinora: TaskNotCancellable: .+$/)
    const bad = await tasks('list', '--status', 'done')
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toMatch(/expected one of queued, running, succeeded/)
  })
})
