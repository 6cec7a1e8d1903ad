import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { appResponse } from '../../src-main/shell/app-protocol'
import { PROJECT_ROOT } from '../support/tmp'

// The desktop window's app:// protocol over the built renderer (npm run build).
const RENDERER = join(PROJECT_ROOT, 'out', 'renderer')

describe('app:// serves the built renderer', () => {
  it('serves index.html at / and by name, with the CSP as a header', async () => {
    for (const url of ['app://satop/', 'app://satop/index.html']) {
      const r = await appResponse(url, RENDERER)
      expect(r.status, url).toBe(200)
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await r.text()).toContain('<div id="app"></div>')
    }
  })

  it('serves its assets with their types', async () => {
    const html = await (await appResponse('app://satop/index.html', RENDERER)).text()
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!
    const r = await appResponse(`app://satop/${script}`, RENDERER)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('never a file outside it, another host, or a path that is not one', async () => {
    const cases: [string, number][] = [
      // a path climbing out is held at the renderer's root: ../../package.json is looked for inside it
      ['app://satop/..%2F..%2Fpackage.json', 404],
      ['app://satop/%2e%2e/%2e%2e/package.json', 404],
      ['app://satop/..%2F..%2Fout%2Frenderer%2Findex.html', 404],
      ['app://satop/nothing-here.js', 404],
      ['app://satop/assets', 404],
      ['app://other/index.html', 404],
      ['app://satop/%E0%A4%A', 400],
      ['app://satop/a%00b', 400],
    ]
    for (const [url, status] of cases) {
      const r = await appResponse(url, RENDERER)
      expect([url, r.status]).toEqual([url, status])
      expect(r.headers.get('content-security-policy'), url).toContain("default-src 'self'")
    }
  })
})
