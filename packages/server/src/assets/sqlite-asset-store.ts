import type { SqliteDatabase } from '../store/sqlite.js'
import { assetOrderBy } from './asset-order.js'
import type {
  AssetGroupRecord,
  AssetPage,
  AssetRecord,
  AssetSort,
  AssetStatus,
  AssetStore,
  AssetType,
} from './asset-store.js'

interface GroupRow {
  id: string
  project_id: string
  name: string
  description: string
  group_type: string
  created_at: number
  updated_at: number
}

interface AssetRow {
  id: string
  project_id: string
  group_id: string
  name: string
  asset_type: string
  status: string
  error: string | null
  source_url: string | null
  blob_key: string | null
  content_type: string | null
  info: string | null
  attempts: number
  lease_owner: string | null
  lease_expires_at: number | null
  created_at: number
  updated_at: number
}

const toGroup = (r: GroupRow): AssetGroupRecord => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  description: r.description,
  groupType: r.group_type as 'AIGC',
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const toAsset = (r: AssetRow): AssetRecord => ({
  id: r.id,
  projectId: r.project_id,
  groupId: r.group_id,
  name: r.name,
  assetType: r.asset_type as AssetType,
  status: r.status as AssetStatus,
  error: r.error === null ? null : JSON.parse(r.error),
  sourceUrl: r.source_url,
  blobKey: r.blob_key,
  contentType: r.content_type,
  info: r.info === null ? null : JSON.parse(r.info),
  attempts: r.attempts,
  leaseOwner: r.lease_owner,
  leaseExpiresAt: r.lease_expires_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** WHERE clauses shared by both lists; lists are bound as one JSON array each. */
function filters(q: {
  projectId: string
  name?: string
  groupIds?: string[]
  statuses?: AssetStatus[]
  groupColumn: 'id' | 'group_id'
}) {
  const where = ['project_id = ?']
  const params: unknown[] = [q.projectId]
  if (q.name) {
    where.push('instr(lower(name), lower(?)) > 0')
    params.push(q.name)
  }
  if (q.groupIds && q.groupIds.length > 0) {
    where.push(`${q.groupColumn} IN (SELECT value FROM json_each(?))`)
    params.push(JSON.stringify(q.groupIds))
  }
  if (q.statuses && q.statuses.length > 0) {
    where.push('status IN (SELECT value FROM json_each(?))')
    params.push(JSON.stringify(q.statuses))
  }
  return { clause: where.join(' AND '), params }
}

/**
 * The AssetStore on the embedded database (tables of migration 3 in store/migrations/sqlite.ts),
 * on the connection the task store opened. Assets go with their group (`ON DELETE CASCADE`).
 */
export function createSqliteAssetStore(db: SqliteDatabase): AssetStore {
  const insertGroup = db.prepare<GroupRow>(
    `INSERT INTO asset_groups (id, project_id, name, description, group_type, created_at, updated_at)
     VALUES (@id, @project_id, @name, @description, @group_type, @created_at, @updated_at)`,
  )
  const getGroup = db.prepare<[string, string], GroupRow>(
    'SELECT * FROM asset_groups WHERE project_id = ? AND id = ?',
  )
  const deleteGroup = db.prepare<[string, string]>(
    'DELETE FROM asset_groups WHERE project_id = ? AND id = ?',
  )
  const insertAsset = db.prepare<AssetRow>(
    `INSERT INTO assets (id, project_id, group_id, name, asset_type, status, error, source_url,
       blob_key, content_type, info, attempts, lease_owner, lease_expires_at, created_at, updated_at)
     VALUES (@id, @project_id, @group_id, @name, @asset_type, @status, @error, @source_url,
       @blob_key, @content_type, @info, @attempts, @lease_owner, @lease_expires_at, @created_at,
       @updated_at)`,
  )
  const getAsset = db.prepare<[string, string], AssetRow>(
    'SELECT * FROM assets WHERE project_id = ? AND id = ?',
  )
  const renameAsset = db.prepare<[string, number, string, string], AssetRow>(
    'UPDATE assets SET name = ?, updated_at = ? WHERE project_id = ? AND id = ? RETURNING *',
  )
  const deleteAsset = db.prepare<[string, string]>(
    'DELETE FROM assets WHERE project_id = ? AND id = ?',
  )
  const claim = db.prepare<[string, number, number], AssetRow>(
    `UPDATE assets SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
     WHERE id = (
       SELECT id FROM assets
       WHERE status = 'Processing' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
       ORDER BY created_at, seq LIMIT 1)
     RETURNING *`,
  )
  const settle = db.prepare<Record<string, unknown>, AssetRow>(
    `UPDATE assets SET status = @status, error = @error, blob_key = @blob_key,
       content_type = @content_type, info = @info, lease_owner = NULL, lease_expires_at = NULL,
       updated_at = @now
     WHERE id = @id AND status = 'Processing' AND lease_owner = @owner RETURNING *`,
  )
  const release = db.prepare<[number, string, string]>(
    `UPDATE assets SET lease_owner = NULL, lease_expires_at = ?
     WHERE id = ? AND status = 'Processing' AND lease_owner = ?`,
  )

  function page<Row, T>(
    table: string,
    f: ReturnType<typeof filters>,
    q: AssetSort & AssetPage,
    map: (r: Row) => T,
  ) {
    const total = db
      .prepare<unknown[], number>(`SELECT COUNT(*) FROM ${table} WHERE ${f.clause}`)
      .pluck()
      .get(...f.params)
    const rows = db
      .prepare<unknown[], Row>(
        `SELECT * FROM ${table} WHERE ${f.clause} ${assetOrderBy(q)} LIMIT ? OFFSET ?`,
      )
      .all(...f.params, q.pageSize, (q.pageNumber - 1) * q.pageSize)
    return { total: total ?? 0, items: rows.map(map) }
  }

  return {
    async createGroup(g) {
      insertGroup.run({
        id: g.id,
        project_id: g.projectId,
        name: g.name,
        description: g.description,
        group_type: g.groupType,
        created_at: g.createdAt,
        updated_at: g.updatedAt,
      })
    },
    async getGroup(projectId, id) {
      const row = getGroup.get(projectId, id)
      return row === undefined ? null : toGroup(row)
    },
    async listGroups(q) {
      return page('asset_groups', filters({ ...q, groupColumn: 'id' }), q, toGroup)
    },
    async updateGroup(projectId, id, patch, now) {
      const sets = ['updated_at = @now']
      if (patch.name !== undefined) sets.push('name = @name')
      if (patch.description !== undefined) sets.push('description = @description')
      const row = db
        .prepare<Record<string, unknown>, GroupRow>(
          `UPDATE asset_groups SET ${sets.join(', ')}
           WHERE project_id = @projectId AND id = @id RETURNING *`,
        )
        .get({ projectId, id, now, name: patch.name, description: patch.description })
      return row === undefined ? null : toGroup(row)
    },
    async deleteGroup(projectId, id) {
      return deleteGroup.run(projectId, id).changes > 0
    },

    async createAsset(a) {
      insertAsset.run({
        id: a.id,
        project_id: a.projectId,
        group_id: a.groupId,
        name: a.name,
        asset_type: a.assetType,
        status: a.status,
        error: a.error === null ? null : JSON.stringify(a.error),
        source_url: a.sourceUrl,
        blob_key: a.blobKey,
        content_type: a.contentType,
        info: a.info === null ? null : JSON.stringify(a.info),
        attempts: a.attempts,
        lease_owner: a.leaseOwner,
        lease_expires_at: a.leaseExpiresAt,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
    },
    async getAsset(projectId, id) {
      const row = getAsset.get(projectId, id)
      return row === undefined ? null : toAsset(row)
    },
    async listAssets(q) {
      return page('assets', filters({ ...q, groupColumn: 'group_id' }), q, toAsset)
    },
    async renameAsset(projectId, id, name, now) {
      const row = renameAsset.get(name, now, projectId, id)
      return row === undefined ? null : toAsset(row)
    },
    async deleteAsset(projectId, id) {
      return deleteAsset.run(projectId, id).changes > 0
    },

    async claimAsset(owner, leaseMs, now) {
      const row = claim.get(owner, now + leaseMs, now)
      return row === undefined ? null : toAsset(row)
    },
    async settleAsset(id, owner, s, now) {
      const active = s.status === 'Active'
      const row = settle.get({
        id,
        owner,
        now,
        status: s.status,
        error: active ? null : JSON.stringify(s.error),
        blob_key: active ? s.blobKey : null,
        content_type: active ? s.contentType : null,
        info: active ? JSON.stringify(s.info) : null,
      })
      return row === undefined ? null : toAsset(row)
    },
    async releaseAsset(id, owner, notBefore) {
      return release.run(notBefore, id, owner).changes > 0
    },
  }
}
