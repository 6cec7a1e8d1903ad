import { createI18n } from 'vue-i18n'
import { MESSAGES } from '../../src-renderer/src/i18n/messages'

/**
 * The UI's own words in one language, for an e2e that runs the same flow in Spanish and in English:
 * `w('machines.page.edit')` is what the screen says, never a copy of it in the test.
 */
export function uiWords(language: 'es' | 'en'): (key: string, params?: Record<string, unknown>, plural?: number) => string {
  const i18n = createI18n({ legacy: false, locale: language, messages: MESSAGES, missingWarn: false, fallbackWarn: false })
  return (key, params = {}, plural) => {
    if (!i18n.global.te(key, language)) throw new Error(`no UI message ${key}`)
    return plural === undefined ? i18n.global.t(key, params) : i18n.global.t(key, params, plural)
  }
}
