import common from './areas/common'
import shared from './areas/shared'
import today from './areas/today'
import machines from './areas/machines'
import lps from './areas/lps'
import deposits from './areas/deposits'
import statement from './areas/statement'
import settlements from './areas/settlements'
import payments from './areas/payments'
import cassettes from './areas/cassettes'
import splits from './areas/splits'
import settings from './areas/settings'
import type { MessageTree } from './define'

/** Every area of the UI's words, by namespace: `t('common.action.save')`. A new area is added here. */
export const AREAS = {
  common,
  shared,
  today,
  machines,
  lps,
  deposits,
  statement,
  settlements,
  payments,
  cassettes,
  splits,
  settings,
} as const

type Namespaced<L extends 'en' | 'es'> = { [K in keyof typeof AREAS]: (typeof AREAS)[K][L] }

function pick<L extends 'en' | 'es'>(language: L): Namespaced<L> {
  return Object.fromEntries(Object.entries(AREAS).map(([name, area]) => [name, area[language]])) as Namespaced<L>
}

export const MESSAGES: Record<'en' | 'es', MessageTree> = { en: pick('en'), es: pick('es') }
export type AppMessages = Namespaced<'en'>
