/** One schema change, applied once and recorded in `schema_migrations`. */
export interface SqliteMigration {
  /** Strictly increasing; never renumber or edit a migration that has shipped, add a new one. */
  id: number
  name: string
  sql: string
}

/**
 * The SQLite schema, as TypeScript so `tsc` ships it in `dist` with the code that needs it (it does
 * not copy `.sql` files). Timestamps are epoch milliseconds; JSON columns hold camelCase objects.
 *
 * `seq` is the rowid (AUTOINCREMENT: never reused), so claiming is exact FIFO when `created_at`
 * ties. The queue lives in this table: a `queued` row is a waiting job, a `running` row a leased one.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    id: 1,
    name: 'init',
    sql: `
      CREATE TABLE tasks (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL,
        model TEXT NOT NULL,
        engine TEXT NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired')),
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        priority INTEGER NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        error TEXT CHECK (json_valid(error)),
        usage TEXT CHECK (json_valid(usage)),
        outputs TEXT CHECK (json_valid(outputs)),
        attempts INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX tasks_by_project ON tasks (project_id, created_at DESC, seq DESC);
      CREATE INDEX tasks_by_claim_order ON tasks (status, priority DESC, created_at, seq);
      CREATE INDEX tasks_by_expiry ON tasks (status, expires_at);
      CREATE INDEX tasks_by_lease ON tasks (status, lease_expires_at);

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 2,
    name: 'webhooks',
    sql: `
      CREATE TABLE webhook_secrets (
        project_id TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE callback_attempts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        event TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        url TEXT NOT NULL,
        http_status INTEGER,
        error TEXT,
        at INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX callback_attempts_by_task ON callback_attempts (task_id, seq);
    `,
  },
  {
    id: 3,
    name: 'assets',
    sql: `
      CREATE TABLE asset_groups (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        group_type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX asset_groups_by_project ON asset_groups (project_id, created_at);

      CREATE TABLE assets (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL,
        group_id TEXT NOT NULL REFERENCES asset_groups (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        asset_type TEXT NOT NULL CHECK (asset_type IN ('Image', 'Video', 'Audio')),
        status TEXT NOT NULL CHECK (status IN ('Processing', 'Active', 'Failed')),
        error TEXT CHECK (json_valid(error)),
        source_url TEXT,
        blob_key TEXT,
        content_type TEXT,
        info TEXT CHECK (json_valid(info)),
        attempts INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX assets_by_project ON assets (project_id, created_at);
      CREATE INDEX assets_by_group ON assets (group_id);
      CREATE INDEX assets_processing ON assets (created_at, seq) WHERE status = 'Processing';
    `,
  },
  {
    id: 4,
    name: 'idempotency-keys',
    sql: `
      -- Spec §4: a create's Idempotency-Key, one per project. The key is claimed before its task
      -- row is written, in the same transaction (queue enqueue), hence the deferred reference;
      -- deleting a task forgets its key.
      CREATE TABLE idempotency_keys (
        project_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        body_hash TEXT NOT NULL,
        task_id TEXT NOT NULL
          REFERENCES tasks (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, idempotency_key)
      ) STRICT;

      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
      CREATE INDEX idempotency_keys_by_task ON idempotency_keys (task_id);
    `,
  },
  {
    id: 5,
    name: 'tasks-by-project-status',
    sql: `
      -- The queued quota of spec §4 counts one project's queued tasks at every create; without
      -- this index the count walks every queued task on the server.
      CREATE INDEX tasks_by_project_status ON tasks (project_id, status);
    `,
  },
  {
    id: 6,
    name: 'tasks-retry-at',
    sql: `
      -- A queued task with retry_at waits out the backoff after a retryable fault (queue/):
      -- it is not claimable until the sweep after that time clears the column.
      ALTER TABLE tasks ADD COLUMN retry_at INTEGER;
      CREATE INDEX tasks_by_retry_at ON tasks (retry_at) WHERE retry_at IS NOT NULL;
    `,
  },
]
