import type { Catalog, Params } from './define'
import { formatMessage } from './define'
import clients from './clients'
import deposits from './deposits'
import field from './field'
import health from './health'
import machines from './machines'
import splits from './splits'
import transport from './transport'
import settlement from './settlement'
import processing from './processing'
import fees from './fees'
import reconcile from './reconcile'
import sync from './sync'
import backup from './backup'
import secrets from './secrets'
import signer from './signer'
import wallets from './wallets'
import relays from './relays'
import cassettes from './cassettes'
import destinations from './destinations'
import ingestion from './ingestion'

const catalogs = {
  field,
  health,
  transport,
  machines,
  clients,
  deposits,
  splits,
  settlement,
  processing,
  fees,
  reconcile,
  sync,
  backup,
  secrets,
  signer,
  wallets,
  relays,
  cassettes,
  destinations,
  ingestion,
}

/**
 * Every catalog of the core's words, by namespace: a message id is `<namespace>.<key>`. A new
 * catalog is added here.
 */
export const CATALOGS: Record<string, Catalog<string>> = catalogs

/** Every message id the catalogs know (`<namespace>.<key>`): a refusal by an id no catalog has is a type error. */
export type MessageId = {
  [N in keyof typeof catalogs]: `${N}.${Extract<keyof (typeof catalogs)[N]['en'], string>}`
}[keyof typeof catalogs]

export type Language = 'en' | 'es'

/** The template of a message id in a language, or undefined for an id no catalog knows. */
export function template(id: string, language: Language): string | undefined {
  const dot = id.indexOf('.')
  const catalog = dot > 0 ? CATALOGS[id.slice(0, dot)] : undefined
  return catalog?.[language][id.slice(dot + 1)]
}

/**
 * Parameters that are the contract's codes (`cash_in`), said in words in a language other than the
 * core's English, which keeps them as the CLI prints them.
 */
const CODE_WORDS: Record<Language, Record<string, Record<string, string>>> = {
  en: {},
  es: { direction: { cash_in: 'ingreso de efectivo', cash_out: 'retiro de efectivo' } },
}

/** A message in a language, or `fallback` (the English text that came with it) when the id is unknown. */
export function translate(ref: { message_id?: string; params?: Params }, language: Language, fallback: string): string {
  const t = ref.message_id ? template(ref.message_id, language) : undefined
  return t === undefined ? fallback : formatMessage(t, ref.params && inWords(ref.params, language))
}

function inWords(params: Params, language: Language): Params {
  const words = CODE_WORDS[language]
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, words[k]?.[String(v)] ?? v]))
}

/** The core's English for a message id: what goes in `message`, beside the id. */
export function english(id: string, params?: Params): string {
  const t = template(id, 'en')
  if (t === undefined) throw new Error(`no message ${id}`)
  return formatMessage(t, params)
}
