/**
 * The renderer's content security policy, one string for every way it is served: a meta tag in
 * the built index.html (electron.vite.config.ts), the header of the app:// protocol in the desktop
 * app, and the header of the browser bridge. The renderer runs only its own bundled code, talks
 * only to the bridge's WebSocket on this computer (or to IPC), and can be framed by nobody.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  // Quasar sets inline styles on its components
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // CSP has no IPv6 literal sources; the bridge binds 127.0.0.1, and 'self' covers its own origin
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
]

export const RENDERER_CSP = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ')

/** The same policy as a meta tag can carry it (browsers ignore frame-ancestors there, and say so). */
export const RENDERER_CSP_META = DIRECTIVES.join('; ')

/** Sent with everything the app serves, the error pages included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}
