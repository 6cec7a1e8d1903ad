import { Dialog } from 'quasar'
import { i18n } from '../i18n'

/** What to ask before a step the operator should mean: the question, what it does, and the yes. */
export interface Question {
  title: string
  message: string
  ok: string
  /** the message is HTML the app built (a preview table) */
  html?: boolean
  /** a click outside does not answer */
  persistent?: boolean
}

/** Asks, and resolves true only on the yes; Cancel, Escape or a click away are a no. */
export function confirm(q: Question): Promise<boolean> {
  return new Promise((resolve) => {
    Dialog.create({
      title: q.title,
      message: q.message,
      html: q.html ?? false,
      persistent: q.persistent ?? false,
      cancel: { flat: true, label: i18n.global.t('common.action.cancel') },
      ok: { color: 'primary', label: q.ok },
    })
      .onOk(() => resolve(true))
      .onCancel(() => resolve(false))
      .onDismiss(() => resolve(false))
  })
}
