/**
 * Words the core says (refusals, field problems, health checks), in English and Spanish
 * (docs/i18n.md). The core speaks the English text and sends the message's id and parameters
 * beside it; the UI shows the same message in its own language. A message is `{name}` templates
 * only (no markup), so the core and the UI format it the same way.
 */
export type Params = Record<string, string | number>

/** A message by id, as it travels beside its English text. */
export interface MessageRef {
  message_id: string
  params?: Params
}

export interface Catalog<K extends string> {
  en: Record<K, string>
  es: Record<K, string>
}

/** English and Spanish side by side; Spanish must have every English key (a type error otherwise). */
export function defineCatalog<const K extends string>(en: Record<K, string>, es: Record<NoInfer<K>, string>): Catalog<K> {
  return { en, es }
}

/** "{n} relays" with {n: 2} -> "2 relays"; a parameter not given stays as written, so a gap shows. */
export function formatMessage(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
