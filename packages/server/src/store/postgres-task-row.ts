import type { TaskRecord } from './store.js'

const COLUMNS: { readonly [F in keyof TaskRecord]: string } = {
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
}

const FIELDS = Object.keys(COLUMNS) as (keyof TaskRecord)[]
const JSON_FIELDS: ReadonlySet<string> = new Set(['params', 'error', 'usage', 'outputs'])
/** Fields that identify a task and never change after insert. */
const IMMUTABLE_FIELDS: ReadonlySet<string> = new Set(['id', 'projectId', 'createdAt'])

/**
 * The select list that reads a `tasks` row as a TaskRecord: columns aliased to field names, jsonb
 * parsed by pg, bigint parsed as a number by the pool (see `openPostgres`). For SELECT and RETURNING.
 */
export const TASK_FIELDS_SQL = FIELDS.map((f) => `${COLUMNS[f]} AS "${f}"`).join(', ')

/** JSON values go as text; pg would turn a top-level array into a PostgreSQL array instead. */
const encode = (field: string, value: unknown): unknown =>
  JSON_FIELDS.has(field) && value !== null ? JSON.stringify(value) : value

/** `INSERT INTO tasks` of a whole record, as SQL text with `$n` placeholders and its values. */
export function insertTaskSql(task: TaskRecord): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO tasks (${FIELDS.map((f) => COLUMNS[f]).join(', ')})
           VALUES (${FIELDS.map((_, i) => `$${i + 1}`).join(', ')})`,
    values: FIELDS.map((f) => encode(f, task[f])),
  }
}

/**
 * `SET` assignments for a partial update, numbered from `$first`. Undefined values are skipped
 * (absent); null clears. Column names come only from the fixed map, so a stray key never reaches
 * the SQL text.
 */
export function patchToAssignments(
  patch: object,
  first: number,
): { assignments: string[]; values: unknown[] } {
  const assignments: string[] = []
  const values: unknown[] = []
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue
    const column = Object.hasOwn(COLUMNS, field) ? COLUMNS[field as keyof TaskRecord] : undefined
    if (column === undefined || IMMUTABLE_FIELDS.has(field)) {
      throw new Error(`updateTask cannot set "${field}": it is not a mutable task field.`)
    }
    values.push(encode(field, value))
    assignments.push(`${column} = $${first + values.length - 1}`)
  }
  return { assignments, values }
}
