import type { LookupAddress, LookupAllOptions } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { BlockList, isIP, type LookupFunction } from 'node:net'

// Loopback, private, link-local, CGNAT and unspecified ranges; BlockList also matches IPv4-mapped
// IPv6 (::ffff:7f00:1 is 127.0.0.1), whatever form it is written in.
const PRIVATE = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6')

/** The eight 16-bit groups of an IPv6 address, `::` and a dotted IPv4 tail expanded. */
function groups(address: string): number[] {
  let a = address
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a)
  if (dotted) {
    const [w, x, y, z] = dotted[1]!.split('.').map(Number) as [number, number, number, number]
    a = a.slice(0, -dotted[1]!.length) + `${((w << 8) | x).toString(16)}:${((y << 8) | z).toString(16)}`
  }
  const [head, tail] = a.split('::') as [string, string | undefined]
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0')
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16))
}

/** An IPv4 address carried in an IPv6 one by NAT64 (64:ff9b::/96) or the old IPv4-compatible form (::/96). */
function embeddedIPv4(address: string): string | null {
  const g = groups(address)
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)
  const compatible = g.slice(0, 6).every((x) => x === 0) && (g[6] !== 0 || g[7]! > 1)
  if (!nat64 && !compatible) return null
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.')
}

/** Loopback, private, link-local and unspecified addresses: this computer and the networks around it. */
export function isPrivateAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '')
  const family = isIP(a)
  if (family === 4) return PRIVATE.check(a, 'ipv4')
  if (family !== 6) return false
  if (PRIVATE.check(a, 'ipv6')) return true
  const v4 = embeddedIPv4(a)
  return v4 !== null && PRIVATE.check(v4, 'ipv4')
}

/** This computer or a private network by its name alone: `localhost`, `*.localhost`, `*.local`, or a private address literal. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '')
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local')) return true
  return isIP(h.replace(/^\[|\]$/g, '')) !== 0 && isPrivateAddress(h)
}

/** How a name is resolved: the system's resolver, or a test's. */
export type Resolve = (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>
const systemResolve: Resolve = (h, o) => lookup(h, o)

/**
 * Whether a name resolves to such an address (a LAN or tailnet host). A name that does not
 * resolve is not judged here: fetching it fails on its own.
 */
export async function resolvesToPrivate(host: string, resolve: Resolve = systemResolve): Promise<boolean> {
  try {
    return (await resolve(host, { all: true })).some((r) => isPrivateAddress(r.address))
  } catch {
    return false
  }
}

/** A connection refused because the name led to this computer or a private network. */
export class PrivateNetworkRefused extends Error {
  readonly code = 'EPRIVATE'
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, on this computer or a private network`)
    this.name = 'PrivateNetworkRefused'
  }
}

/**
 * The resolver of a connection that must stay on the public internet. The name is checked in the
 * very lookup the connection then uses, so a name cannot answer one address to a check and
 * another to the connection (DNS rebinding). Every address must be public.
 */
export function publicOnlyLookup(resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }).then(
      (addresses) => {
        const bad = addresses.find((a) => isPrivateAddress(a.address))
        if (bad) return callback(new PrivateNetworkRefused(hostname, bad.address), [])
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), [])
        if (options.all) return callback(null, addresses)
        return callback(null, addresses[0]!.address, addresses[0]!.family)
      },
      (e: NodeJS.ErrnoException) => callback(e, []),
    )
  }
}
