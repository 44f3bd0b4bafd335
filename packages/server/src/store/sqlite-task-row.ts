import type { TaskRecord } from './store.js'
import { mutableTaskColumn, TASK_COLUMN_OF, TASK_FIELDS, TASK_JSON_FIELDS } from './task-columns.js'

/** A row of the SQLite `tasks` table (see migrations/sqlite.ts). */
export interface TaskRow {
  seq: number
  id: string
  project_id: string
  model: string
  engine: string
  status: string
  progress: number
  priority: number
  params: string
  error: string | null
  usage: string | null
  outputs: string | null
  attempts: number
  lease_owner: string | null
  lease_expires_at: number | null
  created_at: number
  updated_at: number
  expires_at: number
}

type SqlValue = string | number | null

const parseJson = <T>(text: string | null): T | null =>
  text === null ? null : (JSON.parse(text) as T)

export function rowToTask(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    model: row.model,
    engine: row.engine,
    status: row.status as TaskRecord['status'],
    progress: row.progress,
    priority: row.priority,
    params: JSON.parse(row.params) as TaskRecord['params'],
    error: parseJson(row.error),
    usage: parseJson(row.usage),
    outputs: parseJson(row.outputs),
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  }
}

function encode(field: string, value: unknown): SqlValue {
  if (TASK_JSON_FIELDS.has(field)) return value === null ? null : JSON.stringify(value)
  return value as SqlValue
}

/** Every column but `seq`, in the order `taskToValues` gives their values. */
// Typed by TaskRow's keys so the shared column map and this row type cannot drift apart.
export const TASK_COLUMNS: readonly Exclude<keyof TaskRow, 'seq'>[] = TASK_FIELDS.map(
  (field) => TASK_COLUMN_OF[field],
)

/** The values of an INSERT of the whole record, in `TASK_COLUMNS` order. */
export function taskToValues(task: TaskRecord): SqlValue[] {
  return TASK_FIELDS.map((field) => encode(field, task[field]))
}

/**
 * `SET` assignments for a partial update. Undefined values are skipped (absent); null clears.
 * Column names come only from the fixed map, so a stray key can never reach the SQL text.
 */
export function patchToAssignments(patch: object): { assignments: string[]; values: SqlValue[] } {
  const assignments: string[] = []
  const values: SqlValue[] = []
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue
    assignments.push(`${mutableTaskColumn(field)} = ?`)
    values.push(encode(field, value))
  }
  return { assignments, values }
}
