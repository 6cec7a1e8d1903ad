/**
 * The Nostr kinds and d-tags of the app's events (docs/wire-formats.md). Every app event is a
 * parameterised replaceable event of one kind; its d-tag says what it is and, for an ATM, which.
 */
export const APP_EVENT_KIND = 30078

export const D_TAG_PREFIX = {
  /** operator -> ATM: the cassettes the operator loaded */
  cassettes: 'bitspire-cassettes:',
  /** ATM -> operator: what the ATM reports its cassettes hold */
  cassetteState: 'bitspire-cassettes-state:',
  /** operator -> ATM: the fees the ATM charges */
  fees: 'bitspire-fees:',
  /** ATM -> operator, inside an LNbits payment: the sale the payment was */
  tx: 'bitspire-tx:',
} as const

/** operator -> itself: the audit chain's head, one per ledger */
export const AUDIT_HEAD_D_TAG_PREFIX = 'satmachine-audit-head:'
export const auditHeadDTag = (ledgerId: string) => `${AUDIT_HEAD_D_TAG_PREFIX}${ledgerId}`

/** platform -> operators: the platform fee (one per platform key, so no suffix) */
export const SUPER_CONFIG_D_TAG = 'satmachine-super-config'

export const cassetteDTag = (atmHex: string) => `${D_TAG_PREFIX.cassettes}${atmHex}`
export const cassetteStateDTag = (atmHex: string) => `${D_TAG_PREFIX.cassetteState}${atmHex}`
export const feeConfigDTag = (atmHex: string) => `${D_TAG_PREFIX.fees}${atmHex}`
export const attestationDTag = (txid: string) => `${D_TAG_PREFIX.tx}${txid}`

/** The ATM named by a cassette-state d-tag, or null when the tag is not one. */
export function atmOfCassetteState(dTag: string | undefined): string | null {
  return dTag?.startsWith(D_TAG_PREFIX.cassetteState) ? dTag.slice(D_TAG_PREFIX.cassetteState.length) : null
}
