import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf, ResultOf } from '../../../src-shared/contract/commands'
import type { Settlement, SettlementDetail, SettlementPreview, StuckSettlements } from '../../../src-shared/domain/settlement'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'
import { usePagedList, useTotals } from '../composables/paged'

/** What a settlement's dialog can ask of it, by the command's name. */
export type SettlementAction = 'settlements.process' | 'settlements.retry' | 'settlements.forceReset'

/**
 * The settlements: `list` as a page filters it (by status), those that need attention, and the detail
 * (with the planned legs, while nothing is written) of each one opened. Mutations throw the core's
 * CommandError and reload what they changed; pay now, retry and force reset do even when refused (the
 * settlement's state may have moved).
 */
export const useSettlementsStore = defineStore('settlements', () => {
  const filter = ref<ArgsOf<'settlements.list'>>({})
  const list = usePagedList('settlements.list', () => filter.value)
  const stuck = ref<StuckSettlements | null>(null)
  /** what the filter in use takes, added up (null while unread) */
  const { totals, load: loadTotals } = useTotals('settlements.totals', () => filter.value)
  const details = ref<Record<string, SettlementDetail>>({})
  const previews = ref<Record<string, SettlementPreview | null>>({})

  function load(args: ArgsOf<'settlements.list'>): Promise<void> {
    filter.value = args
    return Promise.all([list.load(), loadTotals()]).then(() => undefined)
  }

  /** null when it could not be read (the list's own error says what is wrong) */
  async function loadStuck(): Promise<void> {
    try {
      stuck.value = await api.call('settlements.stuck', {})
    } catch {
      stuck.value = null
    }
  }

  /** A settlement with its legs, or the legs it would get; a failure is reported, the last detail stays. */
  async function loadDetail(id: string): Promise<void> {
    try {
      const detail = await api.call('settlements.get', { settlement_id: id })
      details.value[id] = detail
      previews.value[id] =
        detail.legs.length === 0 && detail.status !== 'rejected' ? await api.call('settlements.preview', { settlement_id: id }) : null
    } catch (e) {
      reportError(e)
    }
  }

  async function record(args: ArgsOf<'settlements.record'>): Promise<Settlement> {
    const settlement = await api.call('settlements.record', args)
    await list.refresh()
    return settlement
  }

  /** Pay now, retry, or force a reset; the detail is reloaded whatever the answer. */
  async function act(name: SettlementAction, id: string): Promise<ResultOf<SettlementAction>> {
    try {
      return await api.call(name, { settlement_id: id })
    } finally {
      await loadDetail(id)
    }
  }

  async function addNote(id: string, note: string): Promise<SettlementDetail> {
    const detail = await api.call('settlements.addNote', { settlement_id: id, note })
    await loadDetail(id)
    return detail
  }

  /** Nothing dispensed, or the customer refunded: closed without paying; throws the core's CommandError. */
  async function voidOne(id: string, reason: string): Promise<Settlement> {
    const settlement = await api.call('settlements.void', { settlement_id: id, reason })
    await loadDetail(id)
    return settlement
  }

  async function partialDispense(args: ArgsOf<'settlements.partialDispense'>): Promise<SettlementDetail> {
    const detail = await api.call('settlements.partialDispense', args)
    await loadDetail(args.settlement_id)
    return detail
  }

  const follow = storeEvents(['settlements.changed', 'ingestion.changed'], () => Promise.all([list.refresh(), loadStuck(), loadTotals()]))

  return { list, stuck, totals, details, previews, load, loadStuck, loadDetail, record, act, addNote, partialDispense, follow, voidOne }
})
