import { openAsBlob } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Kinora as Client, ContentItem } from '@kinora/client'
import { CONTENT_TYPES } from '../media/data-url.js'
import { CliError } from './cli-error.js'
import type { MediaArg } from './media-args.js'

/** The asset group `kinora generate` uploads local videos into, created on first use. */
export const CLI_GROUP = 'kinora-cli'

/** The content item of one media flag (spec §2.1), with the URL the server will read. */
export function contentItem(arg: MediaArg, url: string): ContentItem {
  if (arg.kind === 'video')
    return { type: 'video_url', video_url: { url }, role: 'reference_video' }
  if (arg.kind === 'audio')
    return { type: 'audio_url', audio_url: { url }, role: 'reference_audio' }
  return {
    type: 'image_url',
    image_url: { url },
    role: arg.role as 'first_frame' | 'last_frame' | 'reference_image',
  }
}

async function cliGroup(client: Client): Promise<string> {
  const { Items } = await client.assets.listGroups({ Filter: { Name: CLI_GROUP }, PageSize: 100 })
  const found = Items.find((g) => g.Name === CLI_GROUP)
  if (found) return found.Id
  const { Id } = await client.assets.createGroup({
    Name: CLI_GROUP,
    Description: 'local videos uploaded by kinora generate; each is deleted once its task exists',
  })
  return Id
}

/**
 * Turns the media flags into content items and hands them to `use` (which creates the task).
 * URLs and `asset://` pass through. Local images and audio become data URLs (spec §2.1 allows
 * them); local videos, which may not be data URLs, are uploaded with UploadAsset into the
 * {@link CLI_GROUP} group, waited for until `Active` and sent as `asset://<id>`. A task copies
 * its assets when it is created (spec §2.4), so those uploads are deleted again once `use` is done.
 */
export async function withMediaUrls<T>(
  client: Client,
  args: readonly MediaArg[],
  log: (line: string) => void,
  use: (items: ContentItem[]) => Promise<T>,
): Promise<T> {
  const uploaded: string[] = []
  let group: string | undefined
  const urlOf = async (arg: MediaArg): Promise<string> => {
    const { file } = arg
    if (!file) return arg.source
    // Videos have no data URL type (spec §2.1): they go up as assets.
    const mime = (CONTENT_TYPES as Partial<Record<string, string>>)[file.format]
    if (mime) return `data:${mime};base64,${(await readFile(file.path)).toString('base64')}`
    group ??= await cliGroup(client)
    log(`uploading ${arg.source} as a video asset…`)
    const { Id } = await client.assets.upload({
      GroupId: group,
      AssetType: 'Video',
      Name: basename(file.path).slice(0, 64),
      file: await openAsBlob(file.path),
      filename: basename(file.path),
    })
    uploaded.push(Id)
    const asset = await client.assets.wait(Id, { pollInterval: 250 })
    if (asset.Status !== 'Active') {
      throw new CliError(
        `${arg.flag} ${arg.source} was refused: ${asset.Error?.Code ?? 'Failed'}: ${asset.Error?.Message ?? 'no reason given'}`,
      )
    }
    return `asset://${Id}`
  }
  try {
    const items: ContentItem[] = []
    for (const arg of args) items.push(contentItem(arg, await urlOf(arg)))
    return await use(items)
  } finally {
    // Best effort: a leftover upload costs disk space, not correctness.
    await Promise.all(uploaded.map((id) => client.assets.delete(id).catch(() => undefined)))
  }
}
