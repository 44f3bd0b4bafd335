import type { BlobStore } from './blobs/blob-store.js'
import type { Config } from './config.js'
import type { Engine } from './engines/engine.js'
import type { ModelRoute } from './engines/models.js'

/**
 * Engines are loaded only where work is done, so API-only processes skip their native modules;
 * `ark` and `comfyui` exist where their upstream is configured.
 */
export async function defaultEngines(
  config: Config,
  deps: { blobs: BlobStore; routes: readonly ModelRoute[] },
): Promise<Map<string, Engine>> {
  const preset = config.encoderPreset
  const { createDraftEngine } = await import('./engines/draft/draft-engine.js')
  const engines = new Map<string, Engine>([['draft', createDraftEngine({ preset })]])
  if (config.arkBaseUrl) {
    const { createArkEngine } = await import('./engines/ark/ark-engine.js')
    const ark = createArkEngine({
      baseUrl: config.arkBaseUrl,
      ...(config.arkApiKey ? { apiKey: config.arkApiKey } : {}),
      routes: deps.routes,
      blobs: deps.blobs,
      publicLinks: hasPublicLinks(config),
      preset,
    })
    engines.set('ark', ark)
  }
  if (config.comfyuiUrls.length > 0) {
    const { createComfyuiEngine } = await import('./engines/comfyui/comfyui-engine.js')
    engines.set(
      'comfyui',
      createComfyuiEngine({ servers: config.comfyuiUrls, routes: deps.routes, preset }),
    )
  }
  return engines
}

/** Whether stored files get links the outside can fetch: a public URL is set, or blobs are on S3. */
export function hasPublicLinks(config: Config): boolean {
  return config.publicUrl !== undefined || config.blobUrl.startsWith('s3://')
}
