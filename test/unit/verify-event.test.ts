import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent, type Event } from 'nostr-tools/pure'
import { verifySignedEvent } from '../../src-main/core/nostr/verify-event'

// The app's event check (WebAssembly libsecp256k1) must say exactly what nostr-tools' own says.
const sign = (content: string, d: string, sk = generateSecretKey()): Event =>
  // a copy as it comes off the wire: nostr-tools marks the events it signed as verified
  JSON.parse(JSON.stringify(finalizeEvent({ kind: 30078, created_at: 1_767_225_600, tags: [['d', d]], content }, sk))) as Event

const flipHex = (hex: string, at: number) => {
  const i = at % hex.length
  return hex.slice(0, i) + ((parseInt(hex[i]!, 16) + 1) % 16).toString(16) + hex.slice(i + 1)
}

describe('verifySignedEvent', () => {
  it('accepts what nostr-tools accepts and refuses what it refuses, for signed and altered events', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom('none', 'content', 'id', 'sig', 'pubkey', 'other-key', 'tag'),
        fc.nat(),
        (content, d, change, at) => {
          const e = sign(content, d)
          const other = sign(content, d)
          const altered: Event =
            change === 'content'
              ? { ...e, content: content + '!' }
              : change === 'id'
                ? { ...e, id: flipHex(e.id, at) }
                : change === 'sig'
                  ? { ...e, sig: flipHex(e.sig, at) }
                  : change === 'pubkey'
                    ? { ...e, pubkey: flipHex(e.pubkey, at) }
                    : change === 'other-key'
                      ? { ...e, sig: other.sig }
                      : change === 'tag'
                        ? { ...e, tags: [['d', d + 'x']] }
                        : e
          const expected = verifyEvent({ ...altered })
          expect(verifySignedEvent(altered)).toBe(expected)
          if (change === 'none') expect(expected).toBe(true)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('refuses a pubkey that is not a point on the curve, without throwing', () => {
    const e = sign('x', 'y')
    // x = 5 has no point on secp256k1 (5^3 + 7 = 132 is not a square mod p)
    const offCurve = { ...e, pubkey: '0'.repeat(63) + '5' }
    expect(verifySignedEvent(offCurve)).toBe(false)
    expect(verifyEvent({ ...offCurve })).toBe(false)
  })

  it("accepts a signature only from the event's own key", () => {
    const sk = generateSecretKey()
    const e = sign('sale', 't1', sk)
    expect(e.pubkey).toBe(getPublicKey(sk))
    expect(verifySignedEvent(e)).toBe(true)
    expect(verifySignedEvent({ ...e, pubkey: getPublicKey(generateSecretKey()) })).toBe(false)
  })
})
