/** One schema change, applied once and recorded in `schema_migrations`. */
export interface PostgresMigration {
  /** Strictly increasing; never renumber or edit a migration that has shipped, add a new one. */
  id: number
  name: string
  sql: string
}

/**
 * The PostgreSQL schema: the same tables and columns as SQLite's (migrations/sqlite.ts), with
 * `jsonb` for the JSON columns and `bigint` epoch milliseconds. As TypeScript so `tsc` ships it.
 *
 * `seq` is an identity (never reused) that breaks ties between tasks created in the same
 * millisecond. There is no claim-order index: the pg-boss job table orders the queue
 * (queue/pgboss.ts); `tasks_by_expiry` also serves the count of queued tasks.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    id: 1,
    name: 'init',
    sql: `
      CREATE TABLE tasks (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        project_id text NOT NULL,
        model text NOT NULL,
        engine text NOT NULL,
        status text NOT NULL
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired')),
        progress integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
        priority integer NOT NULL,
        params jsonb NOT NULL,
        error jsonb,
        usage jsonb,
        outputs jsonb,
        attempts integer NOT NULL,
        lease_owner text,
        lease_expires_at bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );

      CREATE INDEX tasks_by_project ON tasks (project_id, created_at DESC, seq DESC);
      CREATE INDEX tasks_by_expiry ON tasks (status, expires_at);
      CREATE INDEX tasks_by_lease ON tasks (status, lease_expires_at);

      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        project_id text NOT NULL,
        hash text NOT NULL UNIQUE,
        created_at bigint NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'webhooks',
    sql: `
      CREATE TABLE webhook_secrets (
        project_id text PRIMARY KEY,
        secret text NOT NULL,
        updated_at bigint NOT NULL
      );

      CREATE TABLE callback_attempts (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id text NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        message_id text NOT NULL,
        event text NOT NULL,
        attempt integer NOT NULL,
        url text NOT NULL,
        http_status integer,
        error text,
        at bigint NOT NULL,
        duration_ms integer NOT NULL
      );

      CREATE INDEX callback_attempts_by_task ON callback_attempts (task_id, seq);
    `,
  },
  {
    id: 3,
    name: 'assets',
    sql: `
      CREATE TABLE asset_groups (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        project_id text NOT NULL,
        name text NOT NULL,
        description text NOT NULL,
        group_type text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );

      CREATE INDEX asset_groups_by_project ON asset_groups (project_id, created_at);

      CREATE TABLE assets (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        project_id text NOT NULL,
        group_id text NOT NULL REFERENCES asset_groups (id) ON DELETE CASCADE,
        name text NOT NULL,
        asset_type text NOT NULL CHECK (asset_type IN ('Image', 'Video', 'Audio')),
        status text NOT NULL CHECK (status IN ('Processing', 'Active', 'Failed')),
        error jsonb,
        source_url text,
        blob_key text,
        content_type text,
        info jsonb,
        attempts integer NOT NULL,
        lease_owner text,
        lease_expires_at bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );

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
        project_id text NOT NULL,
        idempotency_key text NOT NULL,
        body_hash text NOT NULL,
        task_id text NOT NULL
          REFERENCES tasks (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        created_at bigint NOT NULL,
        PRIMARY KEY (project_id, idempotency_key)
      );

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
      ALTER TABLE tasks ADD COLUMN retry_at BIGINT;
      CREATE INDEX tasks_by_retry_at ON tasks (retry_at) WHERE retry_at IS NOT NULL;
    `,
  },
]
