import type { AssetRecord } from './asset-store.js'

/**
 * Blob keys of assets, made only of Kinora's own ids (spec §1 shape: lowercase letters, digits and
 * dashes), never of names or file names a user sent, so nothing a user chooses reaches a path.
 * Everything of a group sits under one prefix, so deleting a group is one `deletePrefix`.
 */
export const groupPrefix = (groupId: string): string => `assets/${groupId}/`

export const assetPrefix = (a: Pick<AssetRecord, 'groupId' | 'id'>): string =>
  `${groupPrefix(a.groupId)}${a.id}/`

/** Where uploaded and data-URL bytes wait for the processor. */
export const stagedKey = (a: Pick<AssetRecord, 'groupId' | 'id'>): string =>
  `${assetPrefix(a)}source`

/**
 * The probed file of one processing attempt: a claim whose lease ran out while another finished
 * can delete its own file without touching the winner's.
 */
export const fileKey = (a: Pick<AssetRecord, 'groupId' | 'id' | 'attempts'>): string =>
  `${assetPrefix(a)}file-${a.attempts}`
