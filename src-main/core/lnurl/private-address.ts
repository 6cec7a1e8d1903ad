import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'

/** Loopback, private, link-local and unspecified addresses: this computer and the networks around it. */
export function isPrivateAddress(address: string): boolean {
  const a = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:/, '')
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number]
    return (
      x === 0 ||
      x === 10 ||
      x === 127 ||
      (x === 169 && y === 254) ||
      (x === 172 && y >= 16 && y <= 31) ||
      (x === 192 && y === 168) ||
      (x === 100 && y >= 64 && y <= 127)
    )
  }
  if (isIP(a) === 6) return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a)
  return false
}

/**
 * Whether a host is, or resolves to, such an address (`localhost` and `*.local` by name). A name
 * that does not resolve is not judged here: fetching it fails on its own.
 */
export async function leadsToPrivateNetwork(host: string): Promise<boolean> {
  const h = host.toLowerCase().replace(/\.$/, '')
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local')) return true
  if (isIP(h.replace(/^\[|\]$/g, ''))) return isPrivateAddress(h)
  try {
    return (await lookup(h, { all: true })).some((r) => isPrivateAddress(r.address))
  } catch {
    return false
  }
}
