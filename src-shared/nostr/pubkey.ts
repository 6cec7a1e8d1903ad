import { decode, npubEncode } from 'nostr-tools/nip19'
import { schnorr } from '@noble/curves/secp256k1.js'

export type PubkeyParse = { ok: true; hex: string } | { ok: false; reason: string }

const HEX64 = /^[0-9a-fA-F]{64}$/

/** Accepts an npub or 64 hex characters; returns the canonical lowercase hex of a valid x-only key. */
export function parsePubkey(input: unknown): PubkeyParse {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: 'is required (an npub1… or 64 hex characters)' }
  const s = input.trim()
  let hex: string
  if (s.toLowerCase().startsWith('npub1')) {
    try {
      const decoded = decode(s.toLowerCase())
      if (decoded.type !== 'npub') return { ok: false, reason: 'is not an npub' }
      hex = decoded.data
    } catch {
      return { ok: false, reason: 'is not a valid npub (checksum or length is wrong)' }
    }
  } else if (s.startsWith('nsec1')) {
    return { ok: false, reason: 'is a secret key (nsec): paste the public key (npub) instead, and keep the nsec private' }
  } else if (HEX64.test(s)) {
    hex = s.toLowerCase()
  } else {
    return { ok: false, reason: 'must be an npub1… or 64 hex characters' }
  }
  if (!isPointOnCurve(hex)) return { ok: false, reason: 'is not a valid public key (not a point on secp256k1)' }
  return { ok: true, hex }
}

function isPointOnCurve(hex: string): boolean {
  try {
    schnorr.utils.lift_x(BigInt('0x' + hex))
    return true
  } catch {
    return false
  }
}

export function toNpub(hex: string): string {
  return npubEncode(hex)
}

/** "npub1abcd…wxyz" for tables; the full value stays available to copy. */
export function shortNpub(hex: string): string {
  const npub = toNpub(hex)
  return `${npub.slice(0, 10)}…${npub.slice(-6)}`
}
