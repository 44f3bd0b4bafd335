import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probe } from '../media/ffprobe.js'

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/kinora.js')
const env = { ...process.env, KINORA_ENCODER_PRESET: 'ultrafast', KINORA_LOG_LEVEL: 'warn' }
const run = promisify(execFile)
let dir: string
let server: ChildProcess | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-cli-'))
})
afterAll(async () => {
  server?.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

const ARGS = [
  'a snowy forest at dawn, vertical video',
  '--resolution',
  '480p',
  '--duration',
  '4',
  '--seed',
  '5',
]

describe('kinora generate', () => {
  it('renders in-process, and the same file on a server, for the same seed', async () => {
    const local = join(dir, 'local.mp4')
    const frame = join(dir, 'local.png')
    await run(process.execPath, [BIN, 'generate', ...ARGS, '-o', local, '--last-frame', frame], {
      env,
    })
    const probed = await probe(local, { countFrames: true })
    expect(probed.streams.find((s) => s.codecType === 'video')).toMatchObject({
      width: 496,
      height: 864,
      frames: 96,
    })
    expect((await readFile(frame)).subarray(1, 4).toString()).toBe('PNG')

    const port = await freePort()
    server = spawn(
      process.execPath,
      [BIN, 'serve', '--port', String(port), '--data-dir', join(dir, 'server')],
      {
        env,
        stdio: 'ignore',
      },
    )
    const url = `http://127.0.0.1:${port}`
    for (
      let i = 0;
      i < 100 &&
      !(await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100))
    }
    const remote = join(dir, 'remote.mp4')
    await run(process.execPath, [BIN, 'generate', ...ARGS, '-o', remote, '--server', url], { env })
    expect(await sha(remote)).toBe(await sha(local))
  }, 120_000)

  it('reports a bad option with the accepted values and exits non-zero', async () => {
    const failed = await run(
      process.execPath,
      [BIN, 'generate', 'x', '--ratio', '2:1', '-o', join(dir, 'bad.mp4')],
      { env },
    ).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    )
    expect(failed?.code).toBe(1)
    expect(failed?.stderr).toMatch(/ratio must be one of 16:9/)
  })
})
