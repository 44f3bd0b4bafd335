import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { mediaBinaries } from '../../media/binaries.js'
import { runProcess } from '../../media/run-process.js'

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>

/**
 * What a fake ComfyUI's SaveVideo writes for a graph: a real mp4 at the latent's size and frame
 * count and CreateVideo's rate, named as ComfyUI names it (`prefix_00001_.mp4`, the prefix's folder
 * as subfolder). With MMAudio the sound is 44.1 kHz and, as the real node reads 25 frames a second
 * for sync, no longer than the frames allow.
 */
export async function fakeOutput(graph: Graph, prefix: string, outputDir: string) {
  const nodes = Object.values(graph)
  const shape = nodes.find((n) => typeof n.inputs.length === 'number')!.inputs
  const fps = Number(nodes.find((n) => n.class_type === 'CreateVideo')!.inputs.fps)
  const sampler = nodes.find((n) => n.class_type === 'MMAudioSampler')
  const [width, height, length] = [shape.width, shape.height, shape.length].map(Number) as number[]
  const slash = prefix.lastIndexOf('/')
  const subfolder = slash < 0 ? '' : prefix.slice(0, slash)
  const filename = `${prefix.slice(slash + 1)}_00001_.mp4`
  await mkdir(join(outputDir, subfolder), { recursive: true })
  const sound = sampler ? Math.min(Number(sampler.inputs.duration), length! / 25) : 0
  const picture = `testsrc=size=${width}x${height}:rate=${fps}:duration=${length! / fps}`
  const sine = `sine=frequency=330:sample_rate=44100:duration=${sound}`
  await runProcess(mediaBinaries().ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', picture],
    ...(sound ? ['-f', 'lavfi', '-i', sine, '-c:a', 'aac'] : []),
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    join(outputDir, subfolder, filename),
  ])
  return { filename, subfolder, type: 'output' }
}

/** The fields and the file of a multipart/form-data body; undefined without a boundary. */
export function parseMultipart(contentType: string | undefined, body: Buffer) {
  const boundary = /boundary=(.+)$/.exec(String(contentType))?.[1]
  if (!boundary) return undefined
  const fields: Record<string, string> = {}
  const files: Record<string, { filename: string; bytes: Buffer }> = {}
  const separator = Buffer.from(`--${boundary}`)
  const parts: Buffer[] = []
  let start = 0
  for (let at = body.indexOf(separator); at >= 0; at = body.indexOf(separator, start)) {
    parts.push(body.subarray(start, at))
    start = at + separator.length
  }
  // Before the first separator is the preamble, after the last the closing `--`.
  for (const part of parts.slice(1)) {
    const split = part.indexOf('\r\n\r\n')
    const head = part.subarray(0, split).toString('utf8')
    const content = part.subarray(split + 4, part.length - 2)
    const name = /name="([^"]+)"/.exec(head)?.[1] ?? ''
    const filename = /filename="([^"]+)"/.exec(head)?.[1]
    if (filename) files[name] = { filename, bytes: content }
    else fields[name] = content.toString('utf8')
  }
  return { fields, files }
}
