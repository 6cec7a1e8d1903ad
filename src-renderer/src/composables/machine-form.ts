import { useI18n } from 'vue-i18n'
import { CommandError } from '../../../src-shared/contract/errors'
import type { FeeDirection } from '../../../src-shared/domain/fee-cap'
import { FEE_CAP_PARTS, OPERATOR_FEE_MAX_PARTS, machineFields, type Machine } from '../../../src-shared/domain/machine'
import { formatFraction, parseFraction } from '../../../src-shared/money/fraction'
import { parseTypedPercent, percentForInput } from '../../../src-shared/money/typed'
import type { FormField, PreviewLine } from '../components/FormDialog.vue'
import { directionLabel, percent, separators } from '../format'
import { fieldRule } from '../i18n/core-text'
import { useFeesStore } from '../stores/fees'

type FeeKey = `operator_${FeeDirection}_fee_fraction`
const FEE_KEYS: Record<FeeDirection, FeeKey> = { cash_in: 'operator_cash_in_fee_fraction', cash_out: 'operator_cash_out_fee_fraction' }
const FEE_MAX = formatFraction(OPERATOR_FEE_MAX_PARTS)
const CAP = formatFraction(FEE_CAP_PARTS)

/**
 * The machine form, for adding a machine and for editing one: the same field schemas the core
 * validates with (the form mirrors the core, it does not decide), fees typed in percent, and the
 * fee cap's sum (platform + operator = total per direction) shown as it is typed.
 */
export function useMachineForm() {
  const { t } = useI18n()
  const fees = useFeesStore()

  /** A fee as typed, in percent ("3.5" is 3.5 %): the fraction the core stores ("0.0350"), or why not, in words. */
  function typedFee(key: FeeKey, value: unknown): { ok: true; fraction: string } | { ok: false; message: string } {
    const text = typeof value === 'string' ? value : ''
    if (text.trim() === '') return { ok: false, message: t('machines.fee.required') }
    const r = parseTypedPercent(text, separators())
    if (!r.ok)
      return {
        ok: false,
        message:
          r.reason === 'format'
            ? t('machines.fee.format', { example: percentForInput('0.0350', separators()) })
            : r.reason === 'decimals'
              ? t('machines.fee.decimals')
              : t('machines.fee.range', { max: percent(FEE_MAX) }),
      }
    if (fieldRule(machineFields[key])(r.value) !== true) return { ok: false, message: t('machines.fee.range', { max: percent(FEE_MAX) }) }
    return { ok: true, fraction: r.value }
  }

  function feeField(direction: FeeDirection): FormField {
    const key = FEE_KEYS[direction]
    const which = direction === 'cash_in' ? 'In' : 'Out'
    return {
      key,
      label: t(`machines.form.fee${which}`),
      ruleLabel: t(`machines.form.fee${which}Rule`),
      rule: (v: unknown) => {
        const r = typedFee(key, v)
        return r.ok || r.message
      },
      test: direction === 'cash_in' ? 'fee-in' : 'fee-out',
      hint: t('machines.form.feeHint', { max: percent(FEE_MAX) }),
      placeholder: percentForInput('0.0300', separators()),
      suffix: '%',
      inputmode: 'decimal',
      half: true,
    }
  }

  const fields = (): FormField[] => [
    { key: 'name', label: t('machines.form.name'), rule: fieldRule(machineFields.name) },
    { key: 'location', label: t('machines.form.location'), rule: fieldRule(machineFields.location) },
    {
      key: 'machine_npub',
      label: t('machines.form.npub'),
      ruleLabel: t('machines.form.npubRule'),
      rule: fieldRule(machineFields.machine_npub),
      test: 'npub',
      hint: t('machines.form.npubHint'),
    },
    {
      key: 'fiat_code',
      label: t('machines.form.fiat'),
      ruleLabel: t('machines.form.fiatRule'),
      rule: fieldRule(machineFields.fiat_code),
      test: 'fiat',
      hint: t('machines.form.fiatHint'),
      maxlength: 3,
    },
    feeField('cash_in'),
    feeField('cash_out'),
  ]

  /** The platform fee of a direction in parts, or null while the platform's config is unread. */
  function platformParts(direction: FeeDirection): number | null {
    const sup = fees.superConfig
    if (!sup) return null
    const r = parseFraction(direction === 'cash_in' ? sup.super_cash_in_fee_fraction : sup.super_cash_out_fee_fraction)
    return r.ok ? r.parts : null
  }

  /** The fee cap as typed: "Cash-in: platform 1 % + operator 3 % = 4 % (cap 15 %)", in red above the cap with what to lower. */
  function capLines(values: Record<string, string>): PreviewLine[] {
    const lines: PreviewLine[] = []
    for (const direction of ['cash_in', 'cash_out'] as const) {
      const platform = platformParts(direction)
      const typed = typedFee(FEE_KEYS[direction], values[FEE_KEYS[direction]])
      if (platform === null || !typed.ok) continue
      const operator = (parseFraction(typed.fraction) as { parts: number }).parts
      const total = platform + operator
      const params = {
        direction: directionLabel(direction),
        platform: percent(formatFraction(platform)),
        operator: percent(formatFraction(operator)),
        total: percent(formatFraction(total)),
        cap: percent(CAP),
        max: percent(formatFraction(Math.max(0, FEE_CAP_PARTS - platform))),
      }
      lines.push(
        total > FEE_CAP_PARTS
          ? { text: t('machines.cap.over', params), problem: true }
          : { text: t('machines.cap.line', params), problem: false },
      )
    }
    return lines
  }

  /** The form's values of a machine, for editing it. */
  const initial = (m: Machine): Record<string, string> => ({
    name: m.name,
    location: m.location,
    machine_npub: m.machine_npub,
    fiat_code: m.fiat_code,
    operator_cash_in_fee_fraction: percentForInput(m.operator_cash_in_fee_fraction, separators()),
    operator_cash_out_fee_fraction: percentForInput(m.operator_cash_out_fee_fraction, separators()),
  })

  /** The form's values as the core's args; a fee that is no fee is refused against its field, like the core's own refusals. */
  function args(v: Record<string, string>) {
    const fraction = (key: FeeKey): string => {
      const r = typedFee(key, v[key])
      if (!r.ok) throw new CommandError('invalid_args', r.message, [{ path: key, message: r.message }])
      return r.fraction
    }
    return {
      name: v.name!,
      location: v.location ?? '',
      machine_npub: v.machine_npub!,
      fiat_code: v.fiat_code!.trim().toUpperCase(),
      operator_cash_in_fee_fraction: fraction('operator_cash_in_fee_fraction'),
      operator_cash_out_fee_fraction: fraction('operator_cash_out_fee_fraction'),
    }
  }

  return { fields, capLines, initial, args }
}
