/**
 * The UI's words, one area per file (docs/i18n.md): each area gives English and Spanish side by
 * side, and Spanish must have exactly English's keys (a type error otherwise; a test checks the
 * placeholders too). Messages use vue-i18n's syntax: `{name}` for a parameter, `|` between the
 * plural forms of a message called with a count.
 */
export interface MessageTree {
  [key: string]: string | MessageTree
}

/** The same keys as `T`, every leaf a string. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> }

export interface Area<T extends MessageTree> {
  en: T
  es: SameKeys<T>
}

export function defineArea<const T extends MessageTree>(en: T, es: SameKeys<T>): Area<T> {
  return { en, es }
}
