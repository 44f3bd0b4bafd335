import { spawn } from 'node:child_process'

export interface RunResult {
  stdout: Buffer
  stderr: string
}

/**
 * Runs a program to completion, collecting its output. Aborting the signal kills it (SIGKILL:
 * ffmpeg can ignore SIGTERM while blocked on I/O) and rejects with the signal's reason.
 */
export function runProcess(
  file: string,
  args: readonly string[],
  opts: { signal?: AbortSignal; stdin?: Buffer; maxStderr?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    opts.signal?.throwIfAborted()
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let stderr = ''
    const maxStderr = opts.maxStderr ?? 64_000
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < maxStderr) stderr += chunk
    })
    const onAbort = () => child.kill('SIGKILL')
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort)
      reject(err)
    })
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort)
      if (opts.signal?.aborted) return reject(opts.signal.reason)
      if (code === 0) return resolve({ stdout: Buffer.concat(out), stderr })
      const tail = stderr.trim().split('\n').slice(-4).join('\n')
      reject(new Error(`${file.split('/').pop()} exited with ${code ?? sig}: ${tail}`))
    })
    child.stdin.on('error', () => {})
    child.stdin.end(opts.stdin)
  })
}
