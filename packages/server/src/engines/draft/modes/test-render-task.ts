import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Task } from '@kinora/client'
import { startLoopbackServer } from '../../../media/test-loopback-server.js'
import { openTestKinora } from '../../../test-kinora.js'

const TASKS = '/api/v3/contents/generations/tasks'
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  mp4: 'video/mp4',
  wav: 'audio/wav',
}

/** A media item of a create request, its file served by the test's loopback server. */
export interface ServedMedia {
  type: 'image_url' | 'video_url' | 'audio_url'
  role: 'reference_image' | 'reference_video' | 'reference_audio'
  /** File name with its extension (`a.png`), the path it is served under. */
  name: string
  bytes: Buffer
}

/** What a finished task left behind: its wire object and its downloaded video. */
export interface RenderedTask {
  task: Task
  videoPath: string
}

/**
 * Renders one task end to end for the input-mode tests: the media are served from a loopback
 * HTTP server (fetched by the worker's safe fetcher, private addresses allowed), the task goes
 * through the API, a real worker and the draft engine, and the mp4 is downloaded through its
 * signed URL into `dir`.
 */
export async function renderTask(
  dir: string,
  text: string,
  media: readonly ServedMedia[],
  params: Record<string, unknown>,
): Promise<RenderedTask> {
  const files = new Map(media.map((m) => [`/${m.name}`, m]))
  const server = await startLoopbackServer((req, res) => {
    const file = files.get(req.url ?? '')
    if (!file) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, {
      'content-type': TYPES[file.name.split('.').pop()!] ?? 'application/octet-stream',
    })
    res.end(file.bytes)
  })
  const kinora = await openTestKinora({
    workers: 1,
    allowPrivateUrls: true,
    moderationImages: false,
  })
  try {
    const content = [
      { type: 'text', text },
      ...media.map((m) => ({
        type: m.type,
        [m.type]: { url: `${server.origin}/${m.name}` },
        role: m.role,
      })),
    ]
    const created = await kinora.app.inject({
      method: 'POST',
      url: TASKS,
      payload: { model: 'seedance-2.0', content, ...params },
    })
    if (created.statusCode !== 200) throw new Error(`create failed: ${created.body}`)
    const id = created.json().id as string
    let task: Task | undefined
    for (let i = 0; i < 1200; i++) {
      task = (await kinora.app.inject({ url: `${TASKS}/${id}` })).json() as Task
      if (task.status !== 'queued' && task.status !== 'running') break
      await new Promise((r) => setTimeout(r, 50))
    }
    if (task?.status !== 'succeeded' || !task.content) {
      throw new Error(`task ended ${JSON.stringify(task)}`)
    }
    const url = new URL(task.content.video_url)
    const file = await kinora.app.inject({ url: url.pathname + url.search })
    const videoPath = join(dir, `${id}.mp4`)
    await writeFile(videoPath, file.rawPayload)
    return { task, videoPath }
  } finally {
    await kinora.dispose()
    await server.close()
  }
}
