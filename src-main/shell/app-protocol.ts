import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { SECURITY_HEADERS } from '../../src-shared/web/security-headers'
import { contentTypeOf } from '../../src-shared/web/content-types'

/**
 * The desktop window loads the app from `app://satop/`, a protocol of its own rather than
 * `file://` (which would give the page the whole disk's origin). Every answer carries the CSP as
 * a header. Registered in main.ts (privileged: standard and secure, before the app is ready).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'satop'
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`

/** The answer to one app:// request: a file of the built renderer, never one outside it. */
export async function appResponse(url: string, rendererDir: string): Promise<Response> {
  const text = (status: number, body: string) =>
    new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } })
  let pathname: string
  try {
    const u = new URL(url)
    if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return text(404, 'Not found')
    pathname = decodeURIComponent(u.pathname)
  } catch {
    return text(400, 'Bad request')
  }
  if (pathname.includes('\0')) return text(400, 'Bad request')
  const file = join(rendererDir, normalize(pathname === '/' ? '/index.html' : pathname))
  const root = rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep
  if (!file.startsWith(root)) return text(403, 'Forbidden')
  try {
    if (!(await stat(file)).isFile()) return text(404, 'Not found')
    const body = await readFile(file)
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(extname(file)), 'Cache-Control': 'no-store' },
    })
  } catch {
    return text(404, 'Not found')
  }
}
