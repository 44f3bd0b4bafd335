import type pg from 'pg'
import { assetOrderBy } from './asset-order.js'
import type {
  AssetGroupRecord,
  AssetPage,
  AssetRecord,
  AssetSort,
  AssetStatus,
  AssetStore,
} from './asset-store.js'

const GROUP_FIELDS = `id, project_id AS "projectId", name, description, group_type AS "groupType",
  created_at AS "createdAt", updated_at AS "updatedAt"`

const ASSET_FIELDS = `id, project_id AS "projectId", group_id AS "groupId", name,
  asset_type AS "assetType", status, error, source_url AS "sourceUrl", blob_key AS "blobKey",
  content_type AS "contentType", info, attempts, lease_owner AS "leaseOwner",
  lease_expires_at AS "leaseExpiresAt", created_at AS "createdAt", updated_at AS "updatedAt"`

function filters(q: {
  projectId: string
  name?: string
  groupIds?: string[]
  statuses?: AssetStatus[]
  groupColumn: 'id' | 'group_id'
}) {
  const params: unknown[] = [q.projectId]
  const where = ['project_id = $1']
  const bind = (value: unknown) => `$${params.push(value)}`
  if (q.name) where.push(`strpos(lower(name), lower(${bind(q.name)})) > 0`)
  if (q.groupIds && q.groupIds.length > 0) {
    where.push(`${q.groupColumn} = ANY(${bind(q.groupIds)}::text[])`)
  }
  if (q.statuses && q.statuses.length > 0) {
    where.push(`status = ANY(${bind(q.statuses)}::text[])`)
  }
  return { clause: where.join(' AND '), params }
}

/**
 * The AssetStore on PostgreSQL (tables of migration 3 in store/migrations/postgres.ts), on the pool
 * the task store opened. Claims skip rows another worker is claiming (`FOR UPDATE SKIP LOCKED`),
 * so any number of worker processes can process assets at once.
 */
export function createPostgresAssetStore(pool: pg.Pool): AssetStore {
  async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[]) {
    const { rows } = await pool.query<T>(sql, params)
    return rows[0] ?? null
  }

  async function page<T extends pg.QueryResultRow>(
    table: string,
    fields: string,
    f: ReturnType<typeof filters>,
    q: AssetSort & AssetPage,
  ) {
    const count = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${f.clause}`,
      f.params,
    )
    const n = f.params.length
    const { rows } = await pool.query<T>(
      `SELECT ${fields} FROM ${table} WHERE ${f.clause} ${assetOrderBy(q)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...f.params, q.pageSize, (q.pageNumber - 1) * q.pageSize],
    )
    return { total: count.rows[0]?.n ?? 0, items: rows }
  }

  return {
    async createGroup(g) {
      await pool.query(
        `INSERT INTO asset_groups (id, project_id, name, description, group_type, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [g.id, g.projectId, g.name, g.description, g.groupType, g.createdAt, g.updatedAt],
      )
    },
    getGroup: (projectId, id) =>
      one<AssetGroupRecord>(
        `SELECT ${GROUP_FIELDS} FROM asset_groups WHERE project_id = $1 AND id = $2`,
        [projectId, id],
      ),
    listGroups: (q) =>
      page<AssetGroupRecord>('asset_groups', GROUP_FIELDS, filters({ ...q, groupColumn: 'id' }), q),
    updateGroup: (projectId, id, patch, now) =>
      one<AssetGroupRecord>(
        `UPDATE asset_groups SET updated_at = $3, name = coalesce($4, name),
           description = coalesce($5, description)
         WHERE project_id = $1 AND id = $2 RETURNING ${GROUP_FIELDS}`,
        [projectId, id, now, patch.name ?? null, patch.description ?? null],
      ),
    async deleteGroup(projectId, id) {
      const { rowCount } = await pool.query(
        'DELETE FROM asset_groups WHERE project_id = $1 AND id = $2',
        [projectId, id],
      )
      return (rowCount ?? 0) > 0
    },

    async createAsset(a) {
      await pool.query(
        `INSERT INTO assets (id, project_id, group_id, name, asset_type, status, error, source_url,
           blob_key, content_type, info, attempts, lease_owner, lease_expires_at, created_at,
           updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          a.id,
          a.projectId,
          a.groupId,
          a.name,
          a.assetType,
          a.status,
          a.error === null ? null : JSON.stringify(a.error),
          a.sourceUrl,
          a.blobKey,
          a.contentType,
          a.info === null ? null : JSON.stringify(a.info),
          a.attempts,
          a.leaseOwner,
          a.leaseExpiresAt,
          a.createdAt,
          a.updatedAt,
        ],
      )
    },
    getAsset: (projectId, id) =>
      one<AssetRecord>(`SELECT ${ASSET_FIELDS} FROM assets WHERE project_id = $1 AND id = $2`, [
        projectId,
        id,
      ]),
    listAssets: (q) =>
      page<AssetRecord>('assets', ASSET_FIELDS, filters({ ...q, groupColumn: 'group_id' }), q),
    renameAsset: (projectId, id, name, now) =>
      one<AssetRecord>(
        `UPDATE assets SET name = $3, updated_at = $4 WHERE project_id = $1 AND id = $2
         RETURNING ${ASSET_FIELDS}`,
        [projectId, id, name, now],
      ),
    async deleteAsset(projectId, id) {
      const { rowCount } = await pool.query(
        'DELETE FROM assets WHERE project_id = $1 AND id = $2',
        [projectId, id],
      )
      return (rowCount ?? 0) > 0
    },

    claimAsset: (owner, leaseMs, now) =>
      one<AssetRecord>(
        `UPDATE assets SET lease_owner = $1, lease_expires_at = $2, attempts = attempts + 1
         WHERE id = (
           SELECT id FROM assets
           WHERE status = 'Processing' AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
           ORDER BY created_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING ${ASSET_FIELDS}`,
        [owner, now + leaseMs, now],
      ),
    settleAsset(id, owner, s, now) {
      const active = s.status === 'Active'
      return one<AssetRecord>(
        `UPDATE assets SET status = $3, error = $4, blob_key = $5, content_type = $6, info = $7,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = $8
         WHERE id = $1 AND status = 'Processing' AND lease_owner = $2
         RETURNING ${ASSET_FIELDS}`,
        [
          id,
          owner,
          s.status,
          active ? null : JSON.stringify(s.error),
          active ? s.blobKey : null,
          active ? s.contentType : null,
          active ? JSON.stringify(s.info) : null,
          now,
        ],
      )
    },
    async releaseAsset(id, owner, notBefore) {
      const { rowCount } = await pool.query(
        `UPDATE assets SET lease_owner = NULL, lease_expires_at = $3
         WHERE id = $1 AND status = 'Processing' AND lease_owner = $2`,
        [id, owner, notBefore],
      )
      return (rowCount ?? 0) > 0
    },
  }
}
