import { Notify } from 'quasar'
import { useI18n } from 'vue-i18n'
import type { SyncResult } from '../../../src-shared/domain/ingestion'
import { useSyncStore } from '../stores/sync'
import { useCommand } from './command'

/**
 * One round with the relays now, for a view about what goes to an ATM (cassettes, fee config): the
 * round's relay problems, or what still waits to go out, told the app's one way. Resolves the
 * round's result, or undefined when it was refused (that is reported too).
 */
export function useRelayRound() {
  const { t } = useI18n()
  const sync = useSyncStore()
  const { busy, run } = useCommand()

  async function sendNow(): Promise<SyncResult | undefined> {
    // what goes to and comes from the ATMs only: paying pending settlements is not what was asked
    const r = await run(() => sync.run({ process: false }))
    if (!r) return undefined
    const problems = [...r.inbox.errors, ...(r.outbox.signer_error ? [r.outbox.signer_error] : [])]
    if (problems.length) Notify.create({ type: 'warning', message: problems.join(' · '), timeout: 10000 })
    else
      Notify.create({
        type: 'positive',
        message: r.outbox.waiting ? t('shared.relayRound.stillWaiting', { n: r.outbox.waiting }) : t('shared.relayRound.upToDate'),
      })
    return r
  }

  return { busy, sendNow }
}
