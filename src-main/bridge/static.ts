import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { pipeline } from 'node:stream'
import { extname, join, normalize, sep } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SECURITY_HEADERS } from '../../src-shared/web/security-headers'
import { contentTypeOf } from '../../src-shared/web/content-types'

/** The path a request names, decoded; null when it is not a path at all (`//[`, a bad `%`-escape). */
export function requestPath(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://127.0.0.1').pathname)
  } catch {
    return null
  }
}

/** Serves the built renderer; never a file outside `root`. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = requestPath(req.url)
  if (pathname === null || pathname.includes('\0')) return send(res, 400, 'Bad request: not a path.')
  const relative = normalize(pathname === '/' ? '/index.html' : pathname)
  const file = join(root, relative)
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return send(res, 403, 'Forbidden')
  try {
    const info = await stat(file)
    if (!info.isFile()) return send(res, 404, 'Not found')
  } catch {
    return send(res, 404, 'Not found')
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeOf(extname(file)),
    'Cache-Control': 'no-store',
  })
  // pipeline closes the file when the client goes away mid-answer (pipe would leak its handle)
  pipeline(createReadStream(file), res, () => undefined)
}

export function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}
