import type { WalletBinding } from '../../../src-shared/domain/wallet'
import type { WalletBindingsTable } from '../ledger/schema'

/** Keys are shown only as previews. */
export function toWallet(row: WalletBindingsTable): WalletBinding {
  return {
    id: row.id,
    role: row.role,
    machine_id: row.machine_id,
    label: row.label,
    lnbits_url: row.lnbits_url,
    lnbits_wallet_id: row.lnbits_wallet_id,
    invoice_key_preview: row.invoice_key_preview ?? '',
    admin_key_preview: row.admin_key_preview ?? '',
    last_test_at: row.last_test_at,
    last_test_ok: row.last_test_ok === null ? null : row.last_test_ok === 1,
    last_test_error: row.last_test_error,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}
