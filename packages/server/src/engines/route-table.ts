import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError } from '../config.js'
import type { Mode } from '../tasks/modes.js'
import { RESOLUTIONS, type Resolution } from '../tasks/sizes.js'
import type { ArkRouteOptions } from './ark/ark-route.js'
import {
  BUILTIN_WORKFLOWS,
  DEFAULT_AUDIO_WORKFLOW,
  DEFAULT_NEGATIVE_PROMPT,
  DEFAULT_WORKFLOWS,
  type ComfyuiRouteOptions,
} from './comfyui/comfyui-route.js'
import { ALL_MODES, DRAFT_MODES, SEEDANCE_ALIASES, SEEDANCE_ID, type ModelRoute } from './models.js'

/** The settings (config.ts) the routing table is built from. */
export interface RouteTableSettings {
  /** `KINORA_ROUTES_FILE`: a JSON file that replaces the default table. */
  routesFile?: string
  /** `KINORA_ARK_BASE_URL`: with it, the Seedance ids route to the upstream by default. */
  arkBaseUrl?: string
  /** `KINORA_ARK_MODEL`: the upstream model id of `ark` routes that name none. */
  arkModel: string
  /** `KINORA_COMFYUI_URLS`: with them, a `wan2.2-14b` route is added by default. */
  comfyuiUrls: readonly string[]
  /** Stored inputs get links an upstream can fetch (`KINORA_PUBLIC_URL` set, or S3 blobs). */
  publicLinks: boolean
}

const mode = z.enum(ALL_MODES as [Mode, ...Mode[]])
const seconds = z.number().int().min(4).max(15)

const routeEntry = z.strictObject({
  id: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  engine: z.enum(['draft', 'ark', 'comfyui']),
  modes: z.array(mode).min(1).optional(),
  resolutions: z.array(z.enum(RESOLUTIONS)).min(1).optional(),
  durations: z.strictObject({ min: seconds, max: seconds }).optional(),
  upstream_model: z.string().min(1).optional(),
  workflows: z.partialRecord(mode, z.string().min(1)).optional(),
  audio_workflow: z.string().min(1).nullable().optional(),
  negative_prompt: z.string().optional(),
})

const routesFile = z.strictObject({ routes: z.array(routeEntry).min(1) })

type RouteEntry = z.infer<typeof routeEntry>

const ENGINE_KEYS: Record<RouteEntry['engine'], (keyof RouteEntry)[]> = {
  draft: [],
  ark: ['upstream_model'],
  comfyui: ['workflows', 'audio_workflow', 'negative_prompt'],
}

const NO_PUBLIC_LINKS =
  'videos go upstream as links to this server, and it has no public address: the operator must set KINORA_PUBLIC_URL to an address the upstream can reach (or use S3 blob storage)'

/**
 * The model routing table (architecture.md "Ports", docs/engines.md): `KINORA_ROUTES_FILE` when
 * set, else the defaults: the Seedance ids on `draft`, or on `ark` once `KINORA_ARK_BASE_URL` is
 * set, plus `wan2.2-14b` on `comfyui` when ComfyUI servers are listed. Each engine fills in what a
 * route leaves out. Throws ConfigError listing every problem at once.
 */
export function loadRouteTable(settings: RouteTableSettings): ModelRoute[] {
  const problems: string[] = []
  let entries: RouteEntry[]
  let base = process.cwd()
  if (settings.routesFile) {
    const file = settings.routesFile
    base = dirname(resolve(file))
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new ConfigError(`KINORA_ROUTES_FILE ${file}: ${(err as Error).message}`)
    }
    const parsed = routesFile.safeParse(raw)
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
      throw new ConfigError(
        `KINORA_ROUTES_FILE ${file} is not a valid routes file:\n${lines.join('\n')}`,
      )
    }
    entries = parsed.data.routes
  } else {
    const engine = settings.arkBaseUrl ? 'ark' : 'draft'
    entries = [{ id: SEEDANCE_ID, aliases: [...SEEDANCE_ALIASES], engine }]
    if (settings.comfyuiUrls.length > 0) {
      entries.push({ id: 'wan2.2-14b', aliases: [], engine: 'comfyui' })
    }
  }
  const seen = new Set<string>()
  const routes = entries.map((entry) => {
    for (const name of [entry.id, ...entry.aliases]) {
      if (seen.has(name)) problems.push(`model id ${name} is routed twice`)
      seen.add(name)
    }
    return routeOf(entry, settings, base, (why) => problems.push(`route ${entry.id}: ${why}`))
  })
  if (problems.length > 0) {
    throw new ConfigError(`Invalid model routes:\n${problems.map((p) => `  ${p}`).join('\n')}`)
  }
  return routes
}

function routeOf(
  entry: RouteEntry,
  settings: RouteTableSettings,
  base: string,
  problem: (why: string) => void,
): ModelRoute {
  for (const key of Object.keys(entry) as (keyof RouteEntry)[]) {
    const owner = (Object.keys(ENGINE_KEYS) as RouteEntry['engine'][]).find((e) =>
      ENGINE_KEYS[e].includes(key),
    )
    if (owner && owner !== entry.engine) problem(`${key} applies to ${owner} routes only`)
  }
  let canDo: readonly Mode[] = ALL_MODES
  let resolutions: readonly Resolution[] = RESOLUTIONS
  let durations = { min: 4, max: 15 }
  let audio = true
  const route: ModelRoute = {
    id: entry.id,
    aliases: entry.aliases,
    engine: entry.engine,
    modes: [],
    resolutions: [],
    durations,
    audio,
  }
  if (entry.engine === 'draft') canDo = DRAFT_MODES
  if (entry.engine === 'ark') {
    if (!settings.arkBaseUrl) problem('engine ark needs KINORA_ARK_BASE_URL')
    const options: ArkRouteOptions = { upstreamModel: entry.upstream_model ?? settings.arkModel }
    route.options = options
    route.upstreamTools = true
    if (!settings.publicLinks) route.refusedMedia = { video: NO_PUBLIC_LINKS }
  }
  if (entry.engine === 'comfyui') {
    if (settings.comfyuiUrls.length === 0) problem('engine comfyui needs KINORA_COMFYUI_URLS')
    const workflows = { ...DEFAULT_WORKFLOWS, ...entry.workflows }
    const audioWorkflow =
      entry.audio_workflow === undefined ? DEFAULT_AUDIO_WORKFLOW : entry.audio_workflow
    const located = (name: string) => locateWorkflow(name, base, problem)
    const options: ComfyuiRouteOptions = {
      workflows: Object.fromEntries(Object.entries(workflows).map(([m, w]) => [m, located(w)])),
      audioWorkflow: audioWorkflow === null ? null : located(audioWorkflow),
      negativePrompt: entry.negative_prompt ?? DEFAULT_NEGATIVE_PROMPT,
    }
    route.options = options
    canDo = Object.keys(workflows) as Mode[]
    resolutions = ['480p', '720p']
    durations = { min: 4, max: 8 }
    audio = audioWorkflow !== null
  }
  route.modes = [...(entry.modes ?? canDo)]
  for (const m of route.modes) {
    if (!canDo.includes(m)) problem(`engine ${entry.engine} cannot render ${m} mode here`)
  }
  route.resolutions = [...(entry.resolutions ?? resolutions)]
  route.durations = entry.durations ?? durations
  if (route.durations.min > route.durations.max) problem('durations.min is above durations.max')
  route.audio = audio
  return route
}

/** A shipped workflow's name stays as it is; a file path is made absolute and must exist. */
function locateWorkflow(name: string, base: string, problem: (why: string) => void): string {
  if ((BUILTIN_WORKFLOWS as readonly string[]).includes(name)) return name
  if (!name.endsWith('.json')) {
    problem(`workflow ${name} is neither one of ${BUILTIN_WORKFLOWS.join(', ')} nor a .json file`)
    return name
  }
  const path = isAbsolute(name) ? name : resolve(base, name)
  if (!existsSync(path)) problem(`workflow file ${path} does not exist`)
  return path
}
