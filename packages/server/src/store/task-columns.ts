import type { TaskRecord } from './store.js'

/**
 * The `tasks` table's column for each TaskRecord field, shared by the SQLite and PostgreSQL drivers
 * (both migrations create the same columns). Column names in SQL text come only from this map.
 */
export const TASK_COLUMN_OF = {
  id: 'id',
  projectId: 'project_id',
  model: 'model',
  engine: 'engine',
  status: 'status',
  progress: 'progress',
  priority: 'priority',
  params: 'params',
  error: 'error',
  usage: 'usage',
  outputs: 'outputs',
  attempts: 'attempts',
  leaseOwner: 'lease_owner',
  leaseExpiresAt: 'lease_expires_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  expiresAt: 'expires_at',
} as const satisfies { readonly [F in keyof TaskRecord]: string }

export type TaskColumn = (typeof TASK_COLUMN_OF)[keyof TaskRecord]

/** Every field, in one fixed order (inserts list columns and values in it). */
export const TASK_FIELDS = Object.keys(TASK_COLUMN_OF) as (keyof TaskRecord)[]

/** Fields stored as JSON text. */
export const TASK_JSON_FIELDS: ReadonlySet<string> = new Set([
  'params',
  'error',
  'usage',
  'outputs',
])

/** Fields that identify a task and never change after insert. */
const IMMUTABLE_FIELDS: ReadonlySet<string> = new Set(['id', 'projectId', 'createdAt'])

/** The column a patch may set for `field`; throws for unknown and immutable fields. */
export function mutableTaskColumn(field: string): TaskColumn {
  if (!Object.hasOwn(TASK_COLUMN_OF, field) || IMMUTABLE_FIELDS.has(field)) {
    throw new Error(`updateTask cannot set "${field}": it is not a mutable task field.`)
  }
  return TASK_COLUMN_OF[field as keyof TaskRecord]
}
