import type { TaskRecord } from './store.js'
import { mutableTaskColumn, TASK_COLUMN_OF, TASK_FIELDS, TASK_JSON_FIELDS } from './task-columns.js'

/**
 * The select list that reads a `tasks` row as a TaskRecord: columns aliased to field names, jsonb
 * parsed by pg, bigint parsed as a number by the pool (see `openPostgres`). For SELECT and RETURNING.
 */
export const TASK_FIELDS_SQL = TASK_FIELDS.map((f) => `${TASK_COLUMN_OF[f]} AS "${f}"`).join(', ')

/** JSON values go as text; pg would turn a top-level array into a PostgreSQL array instead. */
const encode = (field: string, value: unknown): unknown =>
  TASK_JSON_FIELDS.has(field) && value !== null ? JSON.stringify(value) : value

/** `INSERT INTO tasks` of a whole record, as SQL text with `$n` placeholders and its values. */
export function insertTaskSql(task: TaskRecord): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO tasks (${TASK_FIELDS.map((f) => TASK_COLUMN_OF[f]).join(', ')})
           VALUES (${TASK_FIELDS.map((_, i) => `$${i + 1}`).join(', ')})`,
    values: TASK_FIELDS.map((f) => encode(f, task[f])),
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
    const column = mutableTaskColumn(field)
    values.push(encode(field, value))
    assignments.push(`${column} = $${first + values.length - 1}`)
  }
  return { assignments, values }
}
