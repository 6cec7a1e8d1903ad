import { previewDestination, type DestinationKind } from '../../../src-shared/domain/destination'
import type { SecretBox } from '../secrets/box'

/** A payout destination as the ledger keeps it: display text, kind, and the sealed full value. */
export interface StoredDestination {
  display: string
  kind: DestinationKind
  sealed: Buffer
}

export function storeDestination(box: SecretBox, dest: { kind: DestinationKind; value: string }): StoredDestination {
  return { display: previewDestination(dest.kind, dest.value), kind: dest.kind, sealed: box.seal(dest.value) }
}

export function openDestination(
  box: SecretBox,
  kind: DestinationKind | null,
  sealed: Buffer | null,
): { kind: DestinationKind; value: string } | null {
  return kind && sealed ? { kind, value: box.open(sealed) } : null
}
