import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTwoProjects } from '../../assets/test-assets.js'
import { openTestKinora } from '../../test-kinora.js'

let kinora: Awaited<ReturnType<typeof openTestKinora>>
beforeAll(async () => {
  kinora = await openTestKinora()
})
afterAll(async () => {
  await kinora?.dispose()
})

const get = (url: string) => kinora.app.inject({ method: 'GET', url })

/** Same-origin URLs the HTML loads: its scripts, styles and icons. */
function htmlReferences(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
}

/** The specifiers of a module's static and dynamic imports. */
function importSpecifiers(js: string): string[] {
  const found = [
    ...js.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm),
    ...js.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...js.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ]
  return found.map((m) => m[1]!)
}

/**
 * Every file the page pulls in, by path: the HTML's scripts and styles, then every module they
 * import, resolved as a browser would resolve them.
 */
async function crawl(): Promise<Map<string, { type: string; body: string }>> {
  const files = new Map<string, { type: string; body: string }>()
  const queue = ['/']
  while (queue.length > 0) {
    const path = queue.shift()!
    if (files.has(path)) continue
    const res = await get(path)
    expect(res.statusCode, `${path}: ${res.body.slice(0, 200)}`).toBe(200)
    files.set(path, { type: String(res.headers['content-type']), body: res.body })
    const base = new URL(path, 'http://kinora.test')
    const refs =
      path === '/'
        ? htmlReferences(res.body).filter((ref) => !ref.startsWith('data:') && !ref.startsWith('#'))
        : path.endsWith('.js')
          ? importSpecifiers(res.body)
          : []
    for (const ref of refs) {
      const url = new URL(ref, base)
      if (url.origin !== base.origin) throw new Error(`${path} loads ${ref} from another host`)
      if (['/docs', '/openapi.json'].includes(url.pathname)) continue
      queue.push(url.pathname)
    }
  }
  return files
}

describe('playground routes', () => {
  it('serves the page at / with a policy that loads scripts, styles and API calls only from Kinora', async () => {
    const res = await get('/')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.body).toContain('<title>Kinora playground</title>')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    // Signed file links point at the public URL (here the default listen address).
    expect(csp).toMatch(/media-src 'self' data: blob: http:\/\/127\.0\.0\.1:8080(;|$)/)
    expect(csp).toMatch(/img-src 'self' data: blob: http:\/\/127\.0\.0\.1:8080(;|$)/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves every module the page imports, the SDK build included, with its content type', async () => {
    const files = await crawl()
    const paths = [...files.keys()]
    for (const sheet of ['base', 'layout', 'controls', 'composer', 'result', 'tasks', 'assets']) {
      expect(paths).toContain(`/playground/css/${sheet}.css`)
    }
    expect(paths).toContain('/playground/js/main.js')
    expect(paths).toContain('/playground/client/index.js')
    expect(paths).toContain('/playground/client/resources/tasks.js')
    for (const [path, file] of files) {
      const type =
        path === '/' ? 'text/html' : path.endsWith('.css') ? 'text/css' : 'text/javascript'
      expect(file.type, path).toBe(`${type}; charset=utf-8`)
    }
  })

  it('names no other host in its own HTML, CSS and scripts', async () => {
    const files = await crawl()
    for (const [path, file] of files) {
      if (path.startsWith('/playground/client/')) continue // the SDK's doc comments name example hosts
      expect(file.body.match(/(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi), path).toBeNull()
      expect(file.body, path).not.toMatch(/url\(\s*['"]?(?:https?:)?\/\//i)
      expect(file.body, path).not.toMatch(/@import/i)
    }
  })

  it('serves no file outside its listings, and nothing but JavaScript from the SDK', async () => {
    for (const url of [
      '/playground/../package.json',
      '/playground/%2e%2e/package.json',
      '/playground/js/missing.js',
      '/playground/client/index.d.ts',
      '/playground/client/index.js.map',
      '/playground/client/../package.json',
    ]) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.json().error.code, url).toBe('NotFound')
    }
  })

  it('stays public once API keys exist, while the API asks for one', async () => {
    const keyed = await openTestKinora()
    try {
      await createTwoProjects(keyed.store)
      for (const url of ['/', '/playground/js/main.js', '/playground/client/index.js']) {
        expect((await keyed.app.inject({ method: 'GET', url })).statusCode, url).toBe(200)
      }
      const api = await keyed.app.inject({
        method: 'GET',
        url: '/api/v3/contents/generations/tasks',
      })
      expect(api.statusCode).toBe(401)
    } finally {
      await keyed.dispose()
    }
  })

  it('keeps its routes out of the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json() as { paths: Record<string, object> }
    const paths = Object.keys(doc.paths)
    expect(paths.length).toBeGreaterThan(0)
    expect(paths.filter((p) => p === '/' || p.startsWith('/playground'))).toEqual([])
  })
})
