import { describe, expect, it } from 'vitest'
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure'
import { checkAttestation, type MachineFacts } from '../../src-main/core/ingestion/attestation'

const machineKey = generateSecretKey()
const operator = getPublicKey(generateSecretKey())
const hash = 'ab'.repeat(32)
const machine: MachineFacts = { pubkey: getPublicKey(machineKey), fiat_code: 'GTQ', operator_pubkey: operator }
const payment = { payment_hash: hash, amount_msat: 266_800_000 }
const sale = { v: 1, txid: 'atm-1', direction: 'cash_out', crypto_atoms: 266_800, fiat_amount: 150_000, fiat_code: 'GTQ', discount: 0 }

function attest(over: { content?: Record<string, unknown>; tags?: string[][]; key?: Uint8Array } = {}) {
  return finalizeEvent(
    {
      kind: 30078,
      created_at: 1_800_000_000,
      tags: over.tags ?? [
        ['d', 'bitspire-tx:atm-1'],
        ['p', operator],
        ['payment_hash', hash],
      ],
      content: JSON.stringify(over.content ?? sale),
    },
    over.key ?? machineKey,
  )
}
const check = (extra: Record<string, unknown>, m = machine) => checkAttestation(extra, payment, m)
const reason = (extra: Record<string, unknown>, m = machine) => {
  const r = check(extra, m)
  return r.kind === 'invalid' ? r.reason : r.kind
}

describe('attestation check (docs/wire-formats.md#transaction-attestation)', () => {
  it('accepts a valid one, as an object or as a JSON string, and reads the sale from it', () => {
    const event = attest({ content: { ...sale, discount: '2.5' } })
    for (const extra of [{ satmachine: event }, { satmachine: JSON.stringify(event) }]) {
      expect(check(extra)).toMatchObject({
        kind: 'valid',
        sale: { txid: 'atm-1', direction: 'cash_out', crypto_atoms: 266_800, fiat_amount: 150_000, fiat_code: 'GTQ', discount_bps: 250 },
      })
    }
  })

  it('a cash-in is an outgoing payment: cash_in is accepted there (amount by its size), cash_out refused', () => {
    const outgoing = { payment_hash: hash, amount_msat: -266_800_000 }
    const cashIn = attest({ content: { ...sale, direction: 'cash_in' } })
    expect(checkAttestation({ satmachine: cashIn }, outgoing, machine)).toMatchObject({
      kind: 'valid',
      sale: { direction: 'cash_in', crypto_atoms: 266_800 },
    })
    const refused = (extra: Record<string, unknown>) => {
      const r = checkAttestation(extra, outgoing, machine)
      return r.kind === 'invalid' ? r.reason : r.kind
    }
    expect(refused({ satmachine: attest() })).toBe('attests a cash_out sale, but this is an outgoing payment (a cash-in)')
    expect(refused({ satmachine: attest({ content: { ...sale, direction: 'cash_in', crypto_atoms: 1 } }) })).toBe(
      'attests 1 sats but the payment sent 266800 sats',
    )
  })

  it('no attestation is not a rejection', () => {
    expect(check({ comment: 'tip' })).toEqual({ kind: 'none' })
  })

  it('refuses each broken rule with its own reason, keeping what the claim said', () => {
    expect(reason({ satmachine: '{not json' })).toBe('the attestation is not JSON')
    expect(reason({ satmachine: { hello: 1 } })).toBe('the attestation is not a signed Nostr event')
    expect(reason({ satmachine: { ...attest(), content: JSON.stringify({ ...sale, fiat_amount: 1 }) } })).toContain(
      'signature does not verify',
    )
    expect(reason({ satmachine: attest({ key: generateSecretKey() }) })).toMatch(/^signed by npub1.*not by this machine/)
    expect(reason({ satmachine: attest({ content: { ...sale, v: 2 } }) })).toMatch(
      /^the attestation content is not a v1 sale \(v must be 1\)/,
    )
    expect(reason({ satmachine: attest({ content: { ...sale, crypto_atoms: 1.5 } }) })).toMatch(/crypto_atoms/)
    expect(
      reason({
        satmachine: attest({
          tags: [
            ['d', 'bitspire-tx:other'],
            ['p', operator],
            ['payment_hash', hash],
          ],
        }),
      }),
    ).toBe('the d tag does not name txid atm-1')
    expect(
      reason({
        satmachine: attest({
          tags: [
            ['d', 'bitspire-tx:atm-1'],
            ['p', operator],
          ],
        }),
      }),
    ).toMatch(/^attests payment \(none\)/)
    expect(reason({ satmachine: attest({ content: { ...sale, crypto_atoms: 266_801 } }) })).toBe(
      'attests 266801 sats but the payment brought 266800 sats',
    )
    expect(reason({ satmachine: attest({ content: { ...sale, direction: 'cash_in' } }) })).toBe(
      'attests a cash_in sale, but this is an incoming payment (a cash-out)',
    )
    expect(reason({ satmachine: attest({ content: { ...sale, fiat_code: 'USD' } }) })).toBe('attests USD, but this machine settles in GTQ')
    expect(
      reason({
        satmachine: attest({
          tags: [
            ['d', 'bitspire-tx:atm-1'],
            ['payment_hash', hash],
          ],
        }),
      }),
    ).toBe('the attestation names no operator (p tag)')
    expect(
      reason({
        satmachine: attest({
          tags: [
            ['d', 'bitspire-tx:atm-1'],
            ['p', machine.pubkey],
            ['payment_hash', hash],
          ],
        }),
      }),
    ).toMatch(/^addressed to another operator/)
    expect(
      reason({
        satmachine: attest({
          tags: [
            ['d', 'bitspire-tx:atm-1'],
            ['p', 'npub1notahexkey'],
            ['payment_hash', hash],
          ],
        }),
      }),
    ).toBe('the p tag is not a public key in hex')
    expect(
      reason({
        satmachine: finalizeEvent(
          {
            kind: 1,
            created_at: 1_800_000_000,
            tags: [
              ['d', 'bitspire-tx:atm-1'],
              ['p', operator],
              ['payment_hash', hash],
            ],
            content: JSON.stringify(sale),
          },
          machineKey,
        ),
      }),
    ).toBe('not a SatMachine attestation (kind 1, expected 30078)')
    const r = check({ satmachine: attest({ content: { ...sale, crypto_atoms: 5 } }) })
    expect(r).toMatchObject({ kind: 'invalid', claimed: { txid: 'atm-1', fiat_amount: 150_000 } })
  })

  it('before the operator key is known, any p tag is accepted (but one is required)', () => {
    const open = { ...machine, operator_pubkey: null }
    expect(
      check(
        {
          satmachine: attest({
            tags: [
              ['d', 'bitspire-tx:atm-1'],
              ['p', machine.pubkey],
              ['payment_hash', hash],
            ],
          }),
        },
        open,
      ).kind,
    ).toBe('valid')
  })
})
