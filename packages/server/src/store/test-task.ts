import { randomUUID } from 'node:crypto'
import type { TaskParams, TaskRecord } from './store.js'

/** 2026-11-25T16:00:57Z, the spec's example creation time, in epoch ms. */
export const T0 = 1_795_622_457_000

/** Params with every field set, so a store that drops or mangles one fails the round trip. */
export const TEST_PARAMS: TaskParams = {
  mode: 'reference',
  prompt: 'A lighthouse at dusk, waves crashing — «quoted» 雨 @image1',
  media: [
    { index: 1, kind: 'image', role: 'reference_image', url: 'https://example.com/a.png' },
    { index: 2, kind: 'audio', role: 'reference_audio', url: 'asset://asset-123' },
  ],
  resolution: '720p',
  ratio: 'adaptive',
  duration: -1,
  generateAudio: true,
  watermark: false,
  returnLastFrame: true,
  seed: 48213,
  tools: [{ type: 'web_search' }],
  callbackUrl: 'https://example.com/hook?x=1',
  executionExpiresAfter: 172_800,
  safetyIdentifier: null,
  omniReferenceTaskType: 'reference',
}

/**
 * A new queued task for store and queue tests: unique id, created at `T0` unless overridden,
 * expiring `executionExpiresAfter` later.
 */
export function testTask(overrides: Partial<TaskRecord> = {}): TaskRecord {
  const createdAt = overrides.createdAt ?? T0
  return {
    id: `cgt-test-${randomUUID()}`,
    projectId: 'project-a',
    model: 'seedance-2.0',
    engine: 'draft',
    status: 'queued',
    progress: 0,
    priority: 0,
    params: TEST_PARAMS,
    error: null,
    usage: null,
    outputs: null,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt,
    updatedAt: createdAt,
    expiresAt: createdAt + TEST_PARAMS.executionExpiresAfter * 1000,
    ...overrides,
  }
}
