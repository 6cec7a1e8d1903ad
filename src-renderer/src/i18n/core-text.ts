import type { Translatable } from '../../../src-shared/contract/errors'
import type { ZodType } from 'zod'
import { fieldCheck } from '../../../src-shared/contract/args'
import { translate } from '../../../src-shared/messages'
import { i18n } from '.'

/**
 * What the core said, in the language in use: its message by id where a catalog has it, else the
 * English that came with it (docs/i18n.md). Reactive like `t`: a view re-renders on a change of language.
 */
export function coreText(ref: Translatable | null | undefined, english: string): string {
  return ref ? translate(ref, i18n.global.locale.value, english) : english
}

/** A form field's rule from the core's own schema, its refusal said in the language in use. */
export function fieldRule(schema: ZodType): (value: unknown) => true | string {
  const check = fieldCheck(schema)
  return (value) => {
    const r = check(value)
    return r === true ? true : coreText(r, r.message)
  }
}
