import { describe, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type * as Sdk from '../../../client/src/types.js'
import type {
  contentItem,
  createTaskBody,
  createTaskResponse,
  errorEnvelope,
  listTasksQuery,
  listTasksResponse,
  modelsResponse,
  taskObject,
  taskStatus,
} from './schema.js'

/**
 * The SDK's hand-written wire types (packages/client/src/types.ts) must equal the zod schemas the
 * server validates and answers with. The assertions are checked by the compiler only; the server
 * tsconfig leaves tests out, so packages/client/tsconfig.wire-types.json compiles this file:
 * `npx tsc -p packages/client/tsconfig.wire-types.json`, or through vitest with
 * `--typecheck.enabled --typecheck.tsconfig packages/client/tsconfig.wire-types.json`.
 */

/** Accepted by the server only to be refused with 400 (spec §2.1); the SDK does not offer them. */
type Refused = 'frames' | 'camera_fixed' | 'draft' | 'service_tier'
type ListQuery = z.input<typeof listTasksQuery>

describe('the SDK wire types', () => {
  it('equal the create body the server accepts, less the refused fields', () => {
    expectTypeOf<Sdk.CreateTaskParams>().toEqualTypeOf<
      Omit<z.input<typeof createTaskBody>, Refused>
    >()
    expectTypeOf<Sdk.ContentItem>().toEqualTypeOf<z.input<typeof contentItem>>()
    expectTypeOf<Sdk.CreateTaskResponse>().toEqualTypeOf<z.output<typeof createTaskResponse>>()
  })

  it('equal the task object, the task list and the status the server answers with', () => {
    expectTypeOf<Sdk.Task>().toEqualTypeOf<z.output<typeof taskObject>>()
    expectTypeOf<Sdk.TaskList>().toEqualTypeOf<z.output<typeof listTasksResponse>>()
    expectTypeOf<Sdk.TaskStatus>().toEqualTypeOf<z.output<typeof taskStatus>>()
  })

  it('offer the list filters the server reads from the query string', () => {
    expectTypeOf<Sdk.ListTasksParams['status']>().toEqualTypeOf<ListQuery['filter.status']>()
    expectTypeOf<Sdk.ListTasksParams['model']>().toEqualTypeOf<ListQuery['filter.model']>()
    expectTypeOf<NonNullable<Sdk.ListTasksParams['task_ids']>>().toExtend<
      NonNullable<ListQuery['filter.task_ids']>
    >()
  })

  it('equal the models list and the error envelope', () => {
    expectTypeOf<Sdk.ModelList>().toEqualTypeOf<z.output<typeof modelsResponse>>()
    expectTypeOf<Sdk.ErrorBody>().toEqualTypeOf<z.output<typeof errorEnvelope>>()
  })
})
