/**
 * Each LP's destination keeps the outcome of its last live check (docs/design.md#lps-and-onboarding):
 * when it was checked, and why it failed if it did. An LP is onboarded with a well-formed
 * destination; a destination whose last check failed is paid nothing until it is fixed or
 * verifies again. Added columns only: no rebuild.
 */
export const id = '0004_destination_checks'

export const sql = /* sql */ `
ALTER TABLE clients ADD COLUMN destination_checked_at TEXT;
ALTER TABLE clients ADD COLUMN destination_check_error TEXT;
UPDATE clients SET destination_checked_at = destination_verified_at WHERE destination_verified_at IS NOT NULL;
`
