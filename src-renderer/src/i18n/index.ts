import { createI18n } from 'vue-i18n'
import { Quasar } from 'quasar'
import quasarEn from 'quasar/lang/en-US'
import quasarEs from 'quasar/lang/es'
import type { LanguageChoice, UiLanguage } from '../../../src-shared/domain/settings'
import { MESSAGES, type AppMessages } from './messages'

/**
 * The UI's language: Spanish or English, following the system until the operator chooses one in
 * Settings (a setting of the ledger, so every window and the bridge agree). Numbers, money and
 * dates follow it too: es-GT for Spanish, en-US for English.
 */
export const INTL_LOCALE: Record<UiLanguage, string> = { es: 'es-GT', en: 'en-US' }

export const i18n = createI18n<[AppMessages], UiLanguage, false>({
  legacy: false,
  locale: systemLanguage(),
  fallbackLocale: 'en',
  messages: MESSAGES as unknown as Record<UiLanguage, AppMessages>,
  // a key missing in Spanish falls back to English quietly; the completeness test is what catches it
  missingWarn: false,
  fallbackWarn: false,
})

/** The system's language where it is one the app speaks; Spanish otherwise would be a guess, so English. */
export function systemLanguage(): UiLanguage {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])
  return preferred.some((l) => l?.toLowerCase().startsWith('es')) ? 'es' : 'en'
}

export function resolveLanguage(choice: LanguageChoice | null | undefined): UiLanguage {
  return choice === 'es' || choice === 'en' ? choice : systemLanguage()
}

/** Applies a language everywhere it shows: the app's words, Quasar's own (dialogs, tables), and the page's lang. */
export function applyLanguage(choice: LanguageChoice | null | undefined): UiLanguage {
  const language = resolveLanguage(choice)
  i18n.global.locale.value = language
  Quasar.lang.set(language === 'es' ? quasarEs : quasarEn)
  document.documentElement.lang = INTL_LOCALE[language]
  return language
}

/** The Intl locale of the language in use (reactive: a view that formats with it follows a change). */
export function intlLocale(): string {
  return INTL_LOCALE[i18n.global.locale.value]
}
