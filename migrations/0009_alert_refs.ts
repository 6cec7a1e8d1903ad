/**
 * An alert keeps the message ids of its check's words beside their English (docs/i18n.md), so the
 * Today page says a raised alert in the operator's language. Alerts raised before have none and
 * are shown in English as they were stored.
 */
export const id = '0009_alert_refs'

export const sql = /* sql */ `
ALTER TABLE alerts ADD COLUMN refs_json TEXT CHECK (refs_json IS NULL OR json_valid(refs_json));
`
