import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAppError } from '../../lib/app-error.js'
import { createComfyuiClient } from './comfyui-client.js'
import { fillWorkflow } from './fill-workflow.js'
import { followPrompt, videoOf } from './follow-prompt.js'
import { startFakeComfyui, type FakeComfyui } from './test-fake-comfyui.js'
import { loadWorkflow } from './workflow-template.js'

let fake: FakeComfyui
beforeAll(async () => {
  const t2v = loadWorkflow('wan22-t2v')
  const models: Record<string, string[]> = {}
  for (const { folder, file } of t2v.models) (models[folder] ??= []).push(file)
  fake = await startFakeComfyui({ models })
})
afterAll(() => fake?.close())

const values = {
  prompt: 'a fox',
  negative_prompt: 'blurry',
  seed: 3,
  width: 832,
  height: 480,
  length: 65,
  fps: 16,
  filename_prefix: 'kinora/follow-test',
}

describe('followPrompt', () => {
  it('follows a run on /ws: progress across both samplers, and done without waiting to poll', async () => {
    const client = createComfyuiClient(fake.url, 5)
    const graph = fillWorkflow(loadWorkflow('wan22-t2v'), values)
    const ids = { clientId: randomUUID(), promptId: randomUUID() }
    const signal = new AbortController().signal
    const progress: number[] = []
    const entry = await followPrompt(client, {
      ids,
      graph,
      signal,
      onProgress: (f) => progress.push(f),
      // Only the socket's cue can end this test in time.
      pollMs: 600_000,
      submit: () => client.submit(graph, ids, signal),
    })
    expect(progress).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1])
    expect(videoOf(entry, ids.promptId)).toEqual({
      filename: 'follow-test_00001_.mp4',
      subfolder: 'kinora',
      type: 'output',
    })
    expect(fake.violations).toEqual([])
  })

  it.each([
    [
      'execution_error',
      {
        node_id: '10',
        node_type: 'KSamplerAdvanced',
        exception_type: 'torch.OutOfMemoryError',
        exception_message: 'CUDA out of memory',
      },
      'ComfyUI node 10 (KSamplerAdvanced) failed: torch.OutOfMemoryError: CUDA out of memory',
      true,
    ],
    [
      'execution_error',
      {
        node_id: '12',
        node_type: 'VAEDecode',
        exception_type: 'RuntimeError',
        exception_message: 'bad shape',
      },
      'ComfyUI node 12 (VAEDecode) failed: RuntimeError: bad shape',
      false,
    ],
    [
      'execution_interrupted',
      { node_id: '10' },
      'ComfyUI prompt p was interrupted on the server',
      true,
    ],
  ])('turns a history %s into an engine fault', (type, data, message, retryable) => {
    const entry = {
      status: {
        status_str: 'error',
        completed: false,
        messages: [[type, data]] as [string, Record<string, unknown>][],
      },
      outputs: {},
    }
    const error = (() => {
      try {
        videoOf(entry, 'p')
      } catch (err) {
        return err
      }
    })()
    expect(isAppError(error) && [error.code, error.message, error.retryable]).toEqual([
      'InternalServiceError',
      message,
      retryable,
    ])
  })
})
