import { openAsBlob } from 'node:fs'
import { basename } from 'node:path'
import type { Asset, AssetStatus, AssetType } from '@kinora/client'
import { Command, InvalidArgumentError } from 'commander'
import { UsageError } from './cli-error.js'
import { integer } from './options.js'
import { formatFields, formatTable, printResult } from './output.js'
import { clientOf, withRemote, type Remote } from './remote.js'
import { runAction } from './run-action.js'

const TYPES: Record<string, AssetType> = { image: 'Image', video: 'Video', audio: 'Audio' }
const STATUSES: Record<string, AssetStatus> = {
  processing: 'Processing',
  active: 'Active',
  failed: 'Failed',
}

const choice =
  <T>(table: Record<string, T>, what: string) =>
  (value: string): T => {
    const found = table[value.toLowerCase()]
    if (found === undefined) {
      throw new InvalidArgumentError(
        `expected ${what} ${Object.keys(table).join('|')}, got "${value}"`,
      )
    }
    return found
  }

/** The file as a Blob read lazily by the upload, so large videos are streamed, not loaded. */
async function fileBlob(path: string): Promise<Blob> {
  try {
    return await openAsBlob(path)
  } catch {
    throw new UsageError(`${path}: no such file; give a media file, or an http(s) or data URL`)
  }
}

interface Paging {
  page: number
  pageSize: number
}

const paging = (page: { Items: unknown[]; TotalCount: number; PageNumber: number }) =>
  `(${page.Items.length} of ${page.TotalCount}, page ${page.PageNumber})`

const assetRows = (items: Asset[]) =>
  items.map((a) => [a.Id, a.Status, a.AssetType, a.Name, a.GroupId, a.CreateTime])

const paged = (c: Command) =>
  c
    .option('--page <n>', 'page number', integer, 1)
    .option('--page-size <n>', 'items per page, at most 100', integer, 10)

function groupsCommand(): Command {
  const groups = new Command('groups').description('asset groups: folders of assets')
  withRemote(
    groups
      .command('create')
      .argument('<name>', 'at most 64 characters')
      .option('--description <text>', 'at most 300 characters')
      .description('create a group and print its Id'),
  ).action(
    runAction(async (name: string, o: Remote & { description?: string }) => {
      const result = await clientOf(o).assets.createGroup({
        Name: name,
        ...(o.description === undefined ? {} : { Description: o.description }),
      })
      printResult(o, result, () => result.Id)
    }),
  )
  withRemote(
    paged(groups.command('list').description('list groups, newest first')).option(
      '--name <part>',
      'only groups whose name contains this',
    ),
  ).action(
    runAction(async (o: Remote & Paging & { name?: string }) => {
      const page = await clientOf(o).assets.listGroups({
        PageNumber: o.page,
        PageSize: o.pageSize,
        ...(o.name ? { Filter: { Name: o.name } } : {}),
      })
      printResult(o, page, () => {
        const rows = page.Items.map((g) => [g.Id, g.Name, g.Description, g.CreateTime])
        const table = formatTable(['ID', 'NAME', 'DESCRIPTION', 'CREATED'], rows, 'no groups')
        return `${table}\n${paging(page)}`
      })
    }),
  )
  withRemote(
    groups.command('delete').argument('<id>').description('delete a group and all its assets'),
  ).action(
    runAction(async (id: string, o: Remote) => {
      await clientOf(o).assets.deleteGroup(id)
      printResult(o, {}, () => `group ${id}: deleted`)
    }),
  )
  return groups
}

/**
 * `kinora assets …` against a running server (spec §3), through the SDK: groups, `add` (a local
 * file is uploaded with UploadAsset, an http(s) or data URL is fetched by the server), `list`,
 * `get` and `delete`. With `--json` each prints the action's `Result` (for `add`, the asset once
 * Active or Failed; for deletes, `{}`).
 */
export function assetsCommand(): Command {
  const assets = new Command('assets').description('manage asset groups and assets on a server')
  assets.addCommand(groupsCommand())
  withRemote(
    assets
      .command('add')
      .argument('<file-or-url>', 'a local file, or an http(s) or data URL the server fetches')
      .requiredOption('--group <id>', 'the group to add it to')
      .requiredOption('--type <type>', 'image, video or audio', choice(TYPES, 'type'))
      .option('--name <name>', 'at most 64 characters (default: the file name)')
      .option('--no-wait', 'print the Id at once instead of waiting for Active or Failed')
      .description('add an asset and wait until it is Active or Failed'),
  ).action(
    runAction(
      async (
        source: string,
        o: Remote & { group: string; type: AssetType; name?: string; wait: boolean },
      ) => {
        const client = clientOf(o)
        // Any scheme goes to the server, which names the ones it accepts.
        const isUrl = /^([a-z][a-z0-9+.-]*:\/\/|data:)/i.test(source)
        const name = o.name ?? (isUrl ? undefined : basename(source).slice(0, 64))
        const fields = { GroupId: o.group, AssetType: o.type, ...(name ? { Name: name } : {}) }
        const { Id } = isUrl
          ? await client.assets.create({ ...fields, URL: source })
          : await client.assets.upload({
              ...fields,
              file: await fileBlob(source),
              filename: basename(source),
            })
        if (!o.wait) return printResult(o, { Id }, () => Id)
        const asset = await client.assets.wait(Id)
        printResult(o, asset, () => formatFields(asset))
        if (asset.Status === 'Failed') {
          console.error(`asset ${Id} failed: ${asset.Error?.Message ?? 'no reason given'}`)
          process.exitCode = 1
        }
      },
    ),
  )
  withRemote(
    paged(assets.command('list').description('list assets, newest first'))
      .option('--group <id>', 'only assets of this group')
      .option('--status <status>', 'processing, active or failed', choice(STATUSES, 'status'))
      .option('--name <part>', 'only assets whose name contains this'),
  ).action(
    runAction(
      async (o: Remote & Paging & { group?: string; status?: AssetStatus; name?: string }) => {
        const page = await clientOf(o).assets.list({
          PageNumber: o.page,
          PageSize: o.pageSize,
          Filter: {
            ...(o.group ? { GroupIds: [o.group] } : {}),
            ...(o.status ? { Statuses: [o.status] } : {}),
            ...(o.name ? { Name: o.name } : {}),
          },
        })
        printResult(o, page, () => {
          const header = ['ID', 'STATUS', 'TYPE', 'NAME', 'GROUP', 'CREATED']
          return `${formatTable(header, assetRows(page.Items), 'no assets')}\n${paging(page)}`
        })
      },
    ),
  )
  withRemote(assets.command('get').argument('<id>').description('show one asset')).action(
    runAction(async (id: string, o: Remote) => {
      const asset = await clientOf(o).assets.get(id)
      printResult(o, asset, () => formatFields(asset))
    }),
  )
  withRemote(assets.command('delete').argument('<id>').description('delete an asset')).action(
    runAction(async (id: string, o: Remote) => {
      await clientOf(o).assets.delete(id)
      printResult(o, {}, () => `asset ${id}: deleted`)
    }),
  )
  return assets
}
