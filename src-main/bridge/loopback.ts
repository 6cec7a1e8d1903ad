import { isIP } from 'node:net'

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback: the only peers the bridge talks to. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const a = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIP(a) === 4) return a.split('.')[0] === '127'
  return a === '::1'
}

/** Host header check against DNS rebinding: a page on evil.example resolving to 127.0.0.1 still says evil.example. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader.toLowerCase())
}
