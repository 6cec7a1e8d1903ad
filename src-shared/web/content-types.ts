/** The content types of what the built renderer holds, by extension: served by the bridge and by the desktop app's app:// protocol. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

export const contentTypeOf = (extension: string): string => TYPES[extension.toLowerCase()] ?? 'application/octet-stream'
