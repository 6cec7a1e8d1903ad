/**
 * Each settlement keeps the inputs it was planned from (docs/settlement.md#commission-verification):
 * the numbers only (fee parts, the ruleset's parts, each LP's remaining fiat), so that
 * `reconcile.verifyCommissions` can plan it again and compare leg for leg. Settlements planned
 * before this version have none: they are checked on what their own columns give. Added a column
 * only: no rebuild.
 */
export const id = '0006_plan_inputs'

export const sql = /* sql */ `
ALTER TABLE settlements ADD COLUMN plan_inputs_json TEXT CHECK (plan_inputs_json IS NULL OR json_valid(plan_inputs_json));
`
