import { APP_ENTRY, APP_SCHEME } from './app-protocol'

/**
 * What the desktop window may do, as plain functions (no Electron at run time, so they are
 * tested under Node): which pages are the app's, which links may leave it, which permissions
 * a page may have. docs/security.md lists where each is applied.
 */

/**
 * The app's own pages: the app:// protocol's host (any path or hash), or in development the dev
 * server's origin. Compared part by part, never as a prefix (`http://localhost:5173.evil.com`);
 * for a scheme of its own a URL's origin is "null", so scheme and host are compared themselves.
 */
export function isAppPage(url: string, rendererUrl: string): boolean {
  let actual: URL
  let expected: URL
  try {
    actual = new URL(url)
    expected = new URL(rendererUrl)
  } catch {
    return false
  }
  if (actual.protocol !== expected.protocol || actual.host !== expected.host) return false
  return actual.protocol === `${APP_SCHEME}:` || actual.origin === expected.origin
}

/** A link that may open in the user's browser: https, no credentials in it. */
export function isSafeExternalLink(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/**
 * What the app's own pages may do: desktop notifications of alerts, and writing to the clipboard
 * (the Copy buttons). Every other request, and any from a page that is not the app's, is refused.
 */
export function permissionAllowed(permission: string, pageUrl: string, rendererUrl: string): boolean {
  return (permission === 'notifications' || permission === 'clipboard-sanitized-write') && isAppPage(pageUrl, rendererUrl)
}

/** The renderer to load: the app:// protocol, or the dev server only in an unpackaged build. */
export function rendererLocation(opts: { packaged: boolean; devUrl: string | undefined }): string {
  if (!opts.packaged && opts.devUrl) return opts.devUrl
  return APP_ENTRY
}
